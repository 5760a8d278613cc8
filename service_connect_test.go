package sello_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/cfdi/cfditest"
)

func TestCheckTeamProfile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		team sello.Team
		want []string // fields with a problem
	}{
		{"empty is fine", sello.Team{}, nil},
		{"valid", sello.Team{TaxID: "EKU9003173C9", TaxSystem: "601", Zip: "06600", TeamProfile: sello.TeamProfile{
			Brand:        sello.Brand{Logo: "https://x.mx/l.png", PrimaryColor: "#abc", SecondaryColor: "#A0B1C2"},
			SupportEmail: "a@b.mx", ContactEmails: []string{"c@d.mx"}, Address: sello.TeamAddress{Country: "USA"}}}, nil},
		{"bad check digit", sello.Team{TaxID: "EKU9003173C8"}, []string{"tax_id"}},
		{"regime for the other person type", sello.Team{TaxID: "CACX7605101P8", TaxSystem: "601"}, []string{"tax_system"}},
		{"unknown regime", sello.Team{TaxSystem: "999"}, []string{"tax_system"}},
		{"zip in Mexico", sello.Team{Zip: "6600"}, []string{"address.zip"}},
		{"zip abroad is free", sello.Team{Zip: "SW1A 1AA", TeamProfile: sello.TeamProfile{Address: sello.TeamAddress{Country: "GBR"}}}, nil},
		{"colours, logo, e-mails", sello.Team{TeamProfile: sello.TeamProfile{
			Brand:        sello.Brand{Logo: "example.com/logo", PrimaryColor: "red", SecondaryColor: "#12345"},
			SupportEmail: "Ana <a@b.mx>", ContactEmails: []string{"ok@b.mx", "nope"}}},
			[]string{"brand.primary_color", "brand.secondary_color", "brand.logo", "support_email", "contact_emails[1]"}},
		{"metadata over 8 KiB", sello.Team{TeamProfile: sello.TeamProfile{Metadata: map[string]any{"k": strings.Repeat("x", 8200)}}}, []string{"metadata"}},
	}
	for _, tc := range tests {
		var got []string
		for _, f := range sello.CheckTeamProfile(&tc.team) {
			got = append(got, f.Field)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s: CheckTeamProfile fields (-want +got):\n%s", tc.name, diff)
		}
	}
}

func TestCountryCode(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"": "MEX", "mex": "MEX", "MX": "MEX", "méxico": "MEX", "Estados Unidos (Los)": "USA", "us": "USA"} {
		if got, ok := sello.CountryCode(in); !ok || got != want {
			t.Errorf("CountryCode(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if got, ok := sello.CountryCode("Narnia"); ok {
		t.Errorf("CountryCode(Narnia) = %q, want not found", got)
	}
}

func TestMergeMetadata(t *testing.T) {
	t.Parallel()
	got := sello.MergeMetadata(map[string]any{"a": "1", "b": "2"}, map[string]any{"a": nil, "c": "3"})
	if diff := cmp.Diff(map[string]any{"b": "2", "c": "3"}, got); diff != "" {
		t.Errorf("MergeMetadata (-want +got):\n%s", diff)
	}
	if got := sello.MergeMetadata(map[string]any{"a": "1"}, map[string]any{"a": nil}); got != nil {
		t.Errorf("MergeMetadata to empty = %v, want nil", got)
	}
}

func TestMemberEffective(t *testing.T) {
	t.Parallel()
	m := sello.Member{Role: sello.RoleViewer, Permissions: sello.Permissions{Payments: sello.AccessEdit}}
	want := sello.Permissions{Invoices: "view", Payments: "edit", Expenses: "view", Services: "view"}
	if diff := cmp.Diff(want, m.Effective()); diff != "" {
		t.Errorf("Effective (-want +got):\n%s", diff)
	}
}

func TestOnboardingTokens(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clk := &manualClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	svc := sello.NewService(sello.Config{Store: openStore(t), Now: clk.now})
	team := &sello.Team{LegalName: "X", TaxID: "EKU9003173C9", TaxSystem: "601", Zip: "06600"}
	if _, err := svc.CreateTeam(ctx, team); err != nil {
		t.Fatal(err)
	}
	tok, exp, err := svc.OnboardingToken(ctx, team.ID, true)
	if err != nil || !exp.Equal(clk.now().Add(24*time.Hour)) {
		t.Fatalf("OnboardingToken = %v, %v", exp, err)
	}
	o, got, err := svc.OpenOnboarding(ctx, tok)
	if err != nil || got.ID != team.ID || !o.Livemode {
		t.Fatalf("OpenOnboarding = %+v, %v", o, err)
	}
	payload, sig, _ := strings.Cut(tok, ".")
	for _, bad := range []string{"", "abc", payload + ".AAAA", strings.ToUpper(payload) + "." + sig, payload} {
		if _, _, err := svc.OpenOnboarding(ctx, bad); sello.ErrorCode(err) != sello.NotFound || errors.Is(err, sello.ErrLinkExpired) {
			t.Errorf("OpenOnboarding(%q) = %v, want NotFound (not expired)", bad, err)
		}
	}
	clk.add(24 * time.Hour)
	if _, _, err := svc.OpenOnboarding(ctx, tok); !errors.Is(err, sello.ErrLinkExpired) {
		t.Errorf("OpenOnboarding(expired) = %v, want ErrLinkExpired", err)
	}
}

func TestTeamSignerSealing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := openStore(t)
	clk := &manualClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	svc := sello.NewService(sello.Config{Store: store, Now: clk.now, MasterKey: bytes.Repeat([]byte{3}, 32)})
	team := &sello.Team{LegalName: "X", TaxSystem: "601", Zip: "06600", TaxID: "EKU9003173C9"}
	if _, err := svc.CreateTeam(ctx, team); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(cfditest.SATDir(t), "csd", "EKU9003173C9_2023")
	read := func(n string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		return bytes.TrimSpace(b)
	}
	up := sello.CSDUpload{Cer: read("EKU9003173C9.cer"), Key: read("EKU9003173C9.key"), Password: read("password.txt")}
	if _, err := svc.ConnectCSD(ctx, team, false, up); err != nil {
		t.Fatalf("ConnectCSD = %v", err)
	}
	rec, err := store.FindTeamCSD(ctx, team.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(rec.SealedKey, up.Key[:64]) || bytes.Contains(rec.SealedPassword, up.Password) {
		t.Error("the stored key or password is not sealed")
	}
	if _, err := svc.TeamSigner(ctx, team.ID, false); err != nil {
		t.Fatalf("TeamSigner = %v", err)
	}
	// Another master key, or a sealed value moved to another mode, does not open.
	other := sello.NewService(sello.Config{Store: store, Now: clk.now, MasterKey: bytes.Repeat([]byte{4}, 32)})
	if _, err := other.TeamSigner(ctx, team.ID, false); sello.ErrorCode(err) != sello.DataIntegrity {
		t.Errorf("TeamSigner with another master key = %v, want DataIntegrity", err)
	}
	moved := *rec
	moved.Livemode = true
	if err := store.PutTeamCSD(ctx, &moved); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.TeamSigner(ctx, team.ID, true); sello.ErrorCode(err) != sello.DataIntegrity {
		t.Errorf("TeamSigner of a sealed key moved to live = %v, want DataIntegrity", err)
	}
	none := sello.NewService(sello.Config{Store: store, Now: clk.now})
	if _, err := none.ConnectCSD(ctx, team, false, up); sello.ErrorCode(err) != sello.Unavailable {
		t.Errorf("ConnectCSD without a master key = %v, want Unavailable", err)
	}
	clk.add(2 * 365 * 24 * time.Hour) // past May 2027
	if _, err := svc.TeamSigner(ctx, team.ID, false); sello.ErrorCode(err) != sello.Rejected {
		t.Errorf("TeamSigner after expiry = %v, want Rejected", err)
	}
}
