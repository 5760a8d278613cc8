package httpapi

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sello-mx/sello"
)

// CursorSecret names the server secret list cursors are signed with.
const CursorSecret = "cursor_signing"

const (
	defaultLimit = 20
	maxLimit     = 100
)

// listOptions reads the paging, sorting and date parameters of API.md §6.
// The values of the route's filter parameters (route.Query) and of every
// metadata.<key> filter take part in the hash a cursor carries, so a cursor
// only continues the list it came from. Every bad parameter is reported
// (Invalid).
func (c *call) listOptions(defaultDesc bool) (sello.ListOptions, error) {
	q := c.query
	o := sello.ListOptions{Limit: defaultLimit, Desc: defaultDesc, OrderBy: "timestamp"}
	var p sello.Problems
	if v, ok := q["limit"]; ok {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		switch {
		case err != nil || n < 1:
			p.Add("limit", "must be an integer of at least 1")
		case n > maxLimit:
			o.Limit = maxLimit
		default:
			o.Limit = n
		}
	}
	if v, ok := q["offset"]; ok {
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err != nil || n < 0 {
			p.Add("offset", "must be an integer of at least 0")
		} else {
			o.Offset = n
		}
	}
	if v, ok := q["sort"]; ok {
		switch strings.ToLower(v) {
		case "asc":
			o.Desc = false
		case "desc":
			o.Desc = true
		default:
			p.Add("sort", "must be asc or desc")
		}
	}
	if v, ok := q["order_by"]; ok {
		switch strings.ToLower(v) {
		case "timestamp", "created_at", "created":
		case "name":
			o.OrderBy = "name"
		default:
			p.Add("order_by", "must be timestamp or name")
		}
	}
	for _, b := range []struct {
		key string
		end bool
		dst *time.Time
	}{{"created[gte]", false, &o.CreatedGTE}, {"created[lte]", true, &o.CreatedLTE}} {
		if v, ok := q[b.key]; ok {
			t, err := parseTime(v, b.end)
			if err != nil {
				p.Add(b.key, "%s", err.Error())
			}
			*b.dst = t
		}
	}
	c.listHash = c.filterHash(o)
	if v, ok := q["next"]; ok && v != "" {
		cur, err := c.openCursor(v)
		if err == errBadCursor {
			p.Add("next", "is not a valid cursor for this list")
		} else if err != nil {
			return o, err
		}
		o.After = cur
	}
	return o, p.Err("Invalid query parameters")
}

// filterHash identifies a list: the route, the target team and mode, the
// order and every filter value.
func (c *call) filterHash(o sello.ListOptions) string {
	h := sha256.New()
	write := func(s string) { h.Write([]byte(s)); h.Write([]byte{0}) }
	write(c.route.Method + " " + c.route.Pattern)
	write(c.r.URL.Path)
	if c.target != nil {
		write(string(c.target.ID))
	}
	if c.auth != nil && c.auth.Livemode {
		write("live")
	}
	write(strconv.FormatBool(o.Desc))
	write(o.OrderBy)
	write(strconv.FormatInt(o.CreatedGTE.UnixNano(), 10))
	write(strconv.FormatInt(o.CreatedLTE.UnixNano(), 10))
	for _, f := range c.route.Query {
		write(f + "=" + c.query[f])
	}
	var meta []string
	for k, v := range c.query {
		if strings.HasPrefix(k, "metadata.") {
			meta = append(meta, k+"="+v)
		}
	}
	slices.Sort(meta)
	for _, m := range meta {
		write(m)
	}
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:12])
}

// cursorPayload is the signed content of a cursor.
type cursorPayload struct {
	Key  string `json:"k"`
	ID   string `json:"i"`
	Hash string `json:"h"`
}

func (c *call) cursorMAC(payload string) ([]byte, error) {
	secret, err := c.s.svc.Secret(c.r.Context(), CursorSecret)
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(payload))
	return m.Sum(nil)[:16], nil
}

// openCursor checks a cursor's signature and that it belongs to this list.
func (c *call) openCursor(s string) (*sello.Cursor, error) {
	payload, sig, ok := strings.Cut(s, ".")
	if !ok {
		return nil, errBadCursor
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil {
		return nil, errBadCursor
	}
	want, err := c.cursorMAC(payload)
	if err != nil {
		return nil, err
	}
	if !hmac.Equal(got, want) {
		return nil, errBadCursor
	}
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return nil, errBadCursor
	}
	var cp cursorPayload
	if err := json.Unmarshal(raw, &cp); err != nil || cp.Hash != c.listHash {
		return nil, errBadCursor
	}
	return &sello.Cursor{Key: cp.Key, ID: cp.ID}, nil
}

var errBadCursor = &apiError{status: 400, code: "invalid_field_value", message: "Invalid cursor"}

// sealCursor returns the opaque cursor continuing after last.
func (c *call) sealCursor(last sello.Cursor) (string, error) {
	raw, err := json.Marshal(cursorPayload{Key: last.Key, ID: last.ID, Hash: c.listHash})
	if err != nil {
		return "", err
	}
	payload := base64.RawURLEncoding.EncodeToString(raw)
	mac, err := c.cursorMAC(payload)
	if err != nil {
		return "", err
	}
	return payload + "." + base64.RawURLEncoding.EncodeToString(mac), nil
}

// page returns a list reply. last is the cursor of the last item and is
// used only when more items follow.
func (c *call) page(message string, data any, hasMore bool, total int, last sello.Cursor) (*reply, error) {
	meta := &listMeta{hasMore: hasMore, total: total}
	if hasMore {
		next, err := c.sealCursor(last)
		if err != nil {
			return nil, err
		}
		meta.next = &next
	}
	return &reply{status: 200, message: message, data: data, list: meta}, nil
}

// lastCursor is the cursor after the last of a page's items: its creation
// time and id, or its name and id when the list is ordered by name (key
// gives all three). Every list handler builds its next cursor with it.
func lastCursor[T any](items []T, opts sello.ListOptions, key func(T) (created time.Time, id, name string)) sello.Cursor {
	if len(items) == 0 {
		return sello.Cursor{}
	}
	created, id, name := key(items[len(items)-1])
	if opts.OrderBy == "name" {
		return sello.Cursor{Key: name, ID: id}
	}
	return timeCursor(created, id)
}

// timeCursor is the cursor of an item ordered by creation time.
func timeCursor(t time.Time, id string) sello.Cursor {
	return sello.Cursor{Key: strconv.FormatInt(t.UnixNano(), 10), ID: id}
}
