package sello

import "time"

// ListOptions are the paging, sorting and date filters every list takes. The
// HTTP adapter turns the opaque `next` cursor into After; stores page by keyset
// when After is set and by Offset otherwise.
type ListOptions struct {
	Limit      int     // 1..100
	Offset     int     // ignored when After is set
	After      *Cursor // continue after this item
	Desc       bool    // newest (or last by name) first
	OrderBy    string  // "timestamp" (created_at, then id) or "name"
	CreatedGTE time.Time
	CreatedLTE time.Time
}

// Cursor is the position of the last item of a page: its sort key (the
// created_at in unix nanoseconds as decimal text, or the name) and its id.
type Cursor struct {
	Key string
	ID  string
}

// TeamFilter selects teams for a list.
type TeamFilter struct {
	// SelfOrChildrenOf limits the list to this team and its direct children.
	SelfOrChildrenOf TeamID
	// ChildrenOf limits the list to this team's direct children.
	ChildrenOf TeamID
	ListOptions
}
