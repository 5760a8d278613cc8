package sello_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sello-mx/sello"
)

func TestValidUntil(t *testing.T) {
	t.Parallel()
	mx, err := time.LoadLocation("America/Mexico_City")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04:05", s, mx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		periodicity string
		now         time.Time
		want        string // Mexico City time
	}{
		{"day", at("2026-03-10 00:00:00"), "2026-03-10 23:59:59"},
		{"day", at("2026-03-10 23:59:59"), "2026-03-10 23:59:59"},
		// 05:30 UTC on the 11th is still the 10th in Mexico City.
		{"day", time.Date(2026, 3, 11, 5, 30, 0, 0, time.UTC), "2026-03-10 23:59:59"},
		{"week", at("2026-03-09 08:00:00"), "2026-03-15 23:59:59"}, // Monday
		{"week", at("2026-03-15 22:00:00"), "2026-03-15 23:59:59"}, // Sunday
		{"week", at("2026-12-30 10:00:00"), "2027-01-03 23:59:59"}, // across the year
		{"two_weeks", at("2026-02-01 00:00:00"), "2026-02-15 23:59:59"},
		{"two_weeks", at("2026-02-15 23:59:59"), "2026-02-15 23:59:59"},
		{"two_weeks", at("2026-02-16 00:00:00"), "2026-02-28 23:59:59"},
		{"two_weeks", at("2028-02-20 12:00:00"), "2028-02-29 23:59:59"}, // leap year
		{"two_weeks", at("2026-01-31 12:00:00"), "2026-01-31 23:59:59"},
		{"month", at("2026-01-31 23:00:00"), "2026-01-31 23:59:59"},
		{"month", at("2026-02-01 00:00:00"), "2026-02-28 23:59:59"},
		{"month", at("2026-04-15 12:00:00"), "2026-04-30 23:59:59"},
		{"month", at("2026-12-31 18:00:00"), "2026-12-31 23:59:59"},
		{"two_months", at("2026-01-05 12:00:00"), "2026-02-28 23:59:59"},
		{"two_months", at("2026-02-28 12:00:00"), "2026-02-28 23:59:59"},
		{"two_months", at("2026-03-01 00:00:00"), "2026-04-30 23:59:59"},
		{"two_months", at("2026-08-31 12:00:00"), "2026-08-31 23:59:59"},
		{"two_months", at("2026-11-30 12:00:00"), "2026-12-31 23:59:59"},
		{"two_months", at("2028-01-10 12:00:00"), "2028-02-29 23:59:59"},
	}
	for _, tt := range tests {
		got := sello.ValidUntil(tt.periodicity, tt.now).In(mx).Format("2006-01-02 15:04:05")
		if got != tt.want {
			t.Errorf("ValidUntil(%s, %s) = %s, want %s", tt.periodicity, tt.now.In(mx), got, tt.want)
		}
	}
}

func TestPeriodGlobal(t *testing.T) {
	t.Parallel()
	mx, _ := time.LoadLocation("America/Mexico_City")
	tests := []struct {
		periodicity string
		day         time.Time
		want        sello.GlobalPeriod
		wantStart   string
	}{
		{"day", time.Date(2026, 3, 10, 12, 0, 0, 0, mx), sello.GlobalPeriod{Periodicity: "01", Months: "03", Year: "2026"}, "2026-03-10"},
		{"week", time.Date(2026, 3, 11, 12, 0, 0, 0, mx), sello.GlobalPeriod{Periodicity: "02", Months: "03", Year: "2026"}, "2026-03-09"},
		{"two_weeks", time.Date(2026, 3, 20, 12, 0, 0, 0, mx), sello.GlobalPeriod{Periodicity: "03", Months: "03", Year: "2026"}, "2026-03-16"},
		{"month", time.Date(2026, 12, 20, 12, 0, 0, 0, mx), sello.GlobalPeriod{Periodicity: "04", Months: "12", Year: "2026"}, "2026-12-01"},
		{"two_months", time.Date(2026, 1, 20, 12, 0, 0, 0, mx), sello.GlobalPeriod{Periodicity: "05", Months: "13", Year: "2026"}, "2026-01-01"},
		{"two_months", time.Date(2026, 12, 1, 12, 0, 0, 0, mx), sello.GlobalPeriod{Periodicity: "05", Months: "18", Year: "2026"}, "2026-11-01"},
	}
	for _, tt := range tests {
		p := sello.PeriodOf(tt.periodicity, tt.day)
		if diff := cmp.Diff(tt.want, p.Global()); diff != "" {
			t.Errorf("PeriodOf(%s, %s).Global() (-want +got):\n%s", tt.periodicity, tt.day, diff)
		}
		if got := p.Start.In(mx).Format("2006-01-02 15:04:05"); got != tt.wantStart+" 00:00:00" {
			t.Errorf("PeriodOf(%s, %s).Start = %s, want %s 00:00:00", tt.periodicity, tt.day, got, tt.wantStart)
		}
	}
}
