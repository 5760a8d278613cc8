package postgres

import (
	"fmt"
	"time"
)

// The dialect of the Connect queries (connect.go is the same in both engines);
// stamp.go holds toStamp, writer and reader, which the client queries share.

// timeDest scans a stored time into *t, in UTC.
type timeDest struct{ t *time.Time }

// Scan implements sql.Scanner.
func (d timeDest) Scan(v any) error {
	x, ok := v.(time.Time)
	if !ok {
		return fmt.Errorf("time column holds %T", v)
	}
	*d.t = x.UTC()
	return nil
}
