package main

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/sello-mx/sello"
)

// masterKeyFile is the name of the key file Sello creates next to the
// SQLite database when no master key is configured.
const masterKeyFile = "sello.master.key"

// defaultMasterKeyPath is SELLO_MASTER_KEY_FILE, else the key file next to
// the database file.
func defaultMasterKeyPath(e *env, dbPath string) string {
	if p := e.getenv("SELLO_MASTER_KEY_FILE"); p != "" {
		return p
	}
	name, _, _ := strings.Cut(dbPath, "?")
	if name == ":memory:" || name == "" {
		name = "./sello.db"
	}
	return filepath.Join(filepath.Dir(name), masterKeyFile)
}

// loadMasterKey returns the server master key (API.md §11.9): SELLO_MASTER_KEY
// (base64 of 32 bytes) when set, else the key file at path, which is created
// with 32 random bytes and mode 0600 on first start. It never logs the key.
func loadMasterKey(e *env, path string) ([]byte, error) {
	if s := strings.TrimSpace(e.getenv("SELLO_MASTER_KEY")); s != "" {
		k, err := base64.StdEncoding.DecodeString(s)
		if err != nil || len(k) != sello.MasterKeySize {
			return nil, errors.New("SELLO_MASTER_KEY must be the base64 of 32 bytes")
		}
		return k, nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return createMasterKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("master key: %w", err)
	}
	k, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(k) != sello.MasterKeySize {
		return nil, fmt.Errorf("master key file %s does not hold the base64 of 32 bytes", path)
	}
	return k, nil
}

// createMasterKey writes a new random key to path (mode 0600), failing if the
// file appeared meanwhile so two processes never disagree on the key.
func createMasterKey(path string) ([]byte, error) {
	k := make([]byte, sello.MasterKeySize)
	if _, err := rand.Read(k); err != nil {
		return nil, fmt.Errorf("master key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		b, rerr := os.ReadFile(path)
		if rerr != nil {
			return nil, fmt.Errorf("master key: %w", rerr)
		}
		k, derr := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
		if derr != nil || len(k) != sello.MasterKeySize {
			return nil, fmt.Errorf("master key file %s does not hold the base64 of 32 bytes", path)
		}
		return k, nil
	}
	if err != nil {
		return nil, fmt.Errorf("master key: %w", err)
	}
	_, werr := f.WriteString(base64.StdEncoding.EncodeToString(k) + "\n")
	if err := errors.Join(werr, f.Sync(), f.Close()); err != nil {
		return nil, fmt.Errorf("master key: %w", err)
	}
	return k, nil
}

// serveMasterKey picks the master key of `sello serve`. With SQLite the key
// file next to the database is created on first start. With PostgreSQL,
// whose replicas must share one key, a key must be configured
// (SELLO_MASTER_KEY, SELLO_MASTER_KEY_FILE or --master-key-file); without
// one the server runs and CSD uploads answer 503.
func serveMasterKey(e *env, engine, keyFile, dbPath string, logger *slog.Logger) ([]byte, error) {
	if keyFile == "" && e.getenv("SELLO_MASTER_KEY") == "" && e.getenv("SELLO_MASTER_KEY_FILE") == "" && engine == "postgres" {
		logger.Warn("no master key configured (SELLO_MASTER_KEY or SELLO_MASTER_KEY_FILE): CSD uploads are disabled and server secrets are stored in plain text (docs/SECURITY.md)")
		return nil, nil
	}
	if keyFile == "" {
		keyFile = defaultMasterKeyPath(e, dbPath)
	}
	return loadMasterKey(e, keyFile)
}
