package sello_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/cfdi/cfditest"
)

// BenchmarkTeamSigner measures getting a team's CSD signer, what invoicing
// does for every document: go test -run '^$' -bench TeamSigner .
func BenchmarkTeamSigner(b *testing.B) {
	ctx := context.Background()
	now := func() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) }
	svc := sello.NewService(sello.Config{Store: openStore(b), Now: now, MasterKey: bytes.Repeat([]byte{3}, 32)})
	team := &sello.Team{LegalName: "X", TaxSystem: "601", Zip: "06600", TaxID: "EKU9003173C9"}
	if _, err := svc.CreateTeam(ctx, team); err != nil {
		b.Fatal(err)
	}
	dir := filepath.Join(cfditest.SATDir(b), "csd", "EKU9003173C9_2023")
	read := func(n string) []byte {
		v, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			b.Fatal(err)
		}
		return bytes.TrimSpace(v)
	}
	up := sello.CSDUpload{Cer: read("EKU9003173C9.cer"), Key: read("EKU9003173C9.key"), Password: read("password.txt")}
	if _, err := svc.ConnectCSD(ctx, team, false, up); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := svc.TeamSigner(ctx, team.ID, false); err != nil {
			b.Fatal(err)
		}
	}
}
