package sello

import "time"

// TeamCSD is a team's CSD for one mode (API.md §4.3, §11.9): the
// certificate in clear, the private key file and its password sealed with
// the server's master key (AES-GCM). The sealed values are never returned by
// any route nor logged.
type TeamCSD struct {
	TeamID         TeamID
	Livemode       bool
	Certificate    []byte // DER
	SealedKey      []byte // the .key file, sealed
	SealedPassword []byte // its password, sealed
	NoCertificado  string
	RFC            string
	NotBefore      time.Time
	NotAfter       time.Time
	ConnectedAt    time.Time
}

// Series is a named folio sequence of a team (API.md §9.10): the folio the
// next invoice of each mode gets. The name is shared by both modes; the
// counters are per mode.
type Series struct {
	ID        string // series_…
	TeamID    TeamID
	Name      string // 1–25 characters, unique in the team
	NextLive  int64
	NextTest  int64
	CreatedAt time.Time
}

// CSDUpload is a CSD as uploaded: the certificate file, the private key
// file and the key's password.
type CSDUpload struct {
	Cer, Key, Password []byte
}
