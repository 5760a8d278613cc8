package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/httpapi"
)

// newService builds the Service that cfg describes, with what every command
// shares: the real clock, the API's event view, and the key signing secret
// from SELLO_API_KEY_SECRET (at least 32 bytes) when set, instead of the
// store.
func newService(e *env, cfg sello.Config) (*sello.Service, error) {
	if s := e.getenv("SELLO_API_KEY_SECRET"); s != "" {
		if len(s) < 32 {
			return nil, errors.New("SELLO_API_KEY_SECRET must be at least 32 bytes")
		}
		cfg.Secrets = map[string][]byte{sello.KeySigningSecret: []byte(s)}
	}
	cfg.Now, cfg.EventRenderer = time.Now, httpapi.EventRendererFor(e.getenv("PUBLIC_URL"))
	return sello.NewService(cfg), nil
}

// withService opens the store, builds the Service with the master key and
// runs f.
func withService(ctx context.Context, e *env, dbPath string, f func(*sello.Service) error) error {
	store, engine, err := openStore(ctx, e, dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	// The same master key as serve's (SELLO_MASTER_KEY, SELLO_MASTER_KEY_FILE
	// or the file next to the database): the server secrets that sign keys
	// are sealed with it.
	master, err := serveMasterKey(e, engine, "", dbPath, slog.New(slog.NewJSONHandler(e.stderr, nil)))
	if err != nil {
		return err
	}
	svc, err := newService(e, sello.Config{Store: store, MasterKey: master})
	if err != nil {
		return err
	}
	return f(svc)
}

func migrate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "migrate")
	db := dbFlag(fs, e)
	if err := fs.Parse(args); err != nil {
		return err
	}
	store, engine, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "migrations applied (%s)\n", engine)
	return store.Close()
}

// teamJSON is the team as `teams create --json` prints it.
type teamJSON struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	LegalName string `json:"legal_name"`
	TaxID     string `json:"tax_id"`
	TaxSystem string `json:"tax_system"`
	Address   struct {
		Zip string `json:"zip"`
	} `json:"address"`
	CreatedAt int64 `json:"created_at"`
}

func teamsCreate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "teams create")
	legal := fs.String("legal-name", "", "legal name (razón social), required")
	taxID := fs.String("tax-id", "", "RFC, required")
	regime := fs.String("tax-system", "", "c_RegimenFiscal code, e.g. 601, required")
	zip := fs.String("zip", "", "5-digit postal code (lugar de expedición), required")
	name := fs.String("name", "", "display name (default: the legal name)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	db := dbFlag(fs, e)
	if err := fs.Parse(args); err != nil {
		return err
	}
	t := &sello.Team{LegalName: *legal, TaxID: *taxID, TaxSystem: *regime, Zip: *zip, Name: *name}
	if err := sello.ValidateTeam(t); err != nil {
		return cliError(err)
	}
	return withService(ctx, e, *db, func(svc *sello.Service) error {
		keys, err := svc.CreateTeam(ctx, t)
		if err != nil {
			return cliError(err)
		}
		if !*asJSON {
			fmt.Fprintf(e.stdout, "team %s created (%s, %s)\ntest key: %s\nlive key: %s\n", t.ID, t.LegalName, t.TaxID, keys.Test, keys.Live)
			return nil
		}
		var out struct {
			Team teamJSON          `json:"team"`
			Keys map[string]string `json:"keys"`
		}
		out.Team = teamJSON{ID: string(t.ID), Name: t.Name, LegalName: t.LegalName, TaxID: t.TaxID, TaxSystem: t.TaxSystem, CreatedAt: t.CreatedAt.Unix()}
		out.Team.Address.Zip = t.Zip
		out.Keys = map[string]string{"test": keys.Test, "live": keys.Live}
		return json.NewEncoder(e.stdout).Encode(out)
	})
}

func keysCreate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "keys create")
	team := fs.String("team", "", "team id, required")
	mode := fs.String("mode", "test", "test or live")
	asJSON := fs.Bool("json", false, "print one JSON object")
	db := dbFlag(fs, e)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *team == "" {
		return errors.New("--team is required")
	}
	if *mode != "test" && *mode != "live" {
		return fmt.Errorf("--mode must be test or live, not %q", *mode)
	}
	return withService(ctx, e, *db, func(svc *sello.Service) error {
		token, k, err := svc.IssueKey(ctx, sello.TeamID(*team), *mode == "live")
		if err != nil {
			return cliError(err)
		}
		if !*asJSON {
			fmt.Fprintf(e.stdout, "key %s (%s) for team %s:\n%s\n", k.ID, *mode, k.TeamID, token)
			return nil
		}
		return json.NewEncoder(e.stdout).Encode(map[string]any{
			"id": k.ID, "team": k.TeamID, "livemode": k.Livemode, "key": token})
	})
}

func keysRevoke(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "keys revoke")
	db := dbFlag(fs, e)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return errors.New("usage: sello keys revoke KEY_ID")
	}
	return withService(ctx, e, *db, func(svc *sello.Service) error {
		if err := svc.RevokeKey(ctx, pos[0]); err != nil {
			return cliError(err)
		}
		fmt.Fprintf(e.stdout, "key %s revoked\n", pos[0])
		return nil
	})
}

// cliError renders a domain error for a terminal: its message and one line
// per field problem.
func cliError(err error) error {
	var se *sello.Error
	if !errors.As(err, &se) {
		return err
	}
	msg := se.Message
	for _, f := range se.Fields {
		msg += "\n  " + f.String()
	}
	if se.Code == sello.NotFound || se.Code == sello.Invalid {
		return errors.New(msg)
	}
	return err
}

// rotatableSecrets are the server secrets `secrets rotate` replaces.
var rotatableSecrets = []string{sello.KeySigningSecret, sello.FilesSecret, sello.PaySecret, sello.PortalSecret,
	sello.ReceiptSecret, sello.OnboardingSecret, httpapi.CursorSecret}

func secretsRotate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "secrets rotate")
	db := dbFlag(fs, e)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || !slices.Contains(rotatableSecrets, pos[0]) {
		return fmt.Errorf("usage: sello secrets rotate NAME, where NAME is one of %s", strings.Join(rotatableSecrets, ", "))
	}
	return withService(ctx, e, *db, func(svc *sello.Service) error {
		if err := svc.RotateSecret(ctx, pos[0]); err != nil {
			return cliError(err)
		}
		fmt.Fprintf(e.stdout, "secret %s rotated; what the old one signed stays valid\n", pos[0])
		return nil
	})
}
