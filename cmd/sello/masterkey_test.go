package main

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"
)

func TestMasterKey(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	e := &env{getenv: getenvFrom(nil)}
	path := defaultMasterKeyPath(e, filepath.Join(dir, "sello.db"))
	if want := filepath.Join(dir, "sello.master.key"); path != want {
		t.Fatalf("defaultMasterKeyPath = %s, want %s", path, want)
	}
	first, err := loadMasterKey(e, path)
	if err != nil || len(first) != 32 {
		t.Fatalf("loadMasterKey (create) = %d bytes, %v", len(first), err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode = %v, %v; want 0600", fi.Mode().Perm(), err)
	}
	again, err := loadMasterKey(e, path)
	if err != nil || !bytes.Equal(first, again) {
		t.Errorf("loadMasterKey (reuse) = %x, %v; want the created key", again, err)
	}
	fromEnv := bytes.Repeat([]byte{9}, 32)
	e2 := &env{getenv: getenvFrom(map[string]string{"SELLO_MASTER_KEY": base64.StdEncoding.EncodeToString(fromEnv)})}
	if k, err := loadMasterKey(e2, path); err != nil || !bytes.Equal(k, fromEnv) {
		t.Errorf("loadMasterKey (env) = %x, %v; want the environment's key", k, err)
	}
	e3 := &env{getenv: getenvFrom(map[string]string{"SELLO_MASTER_KEY": "c2hvcnQ="})}
	if _, err := loadMasterKey(e3, path); err == nil {
		t.Error("loadMasterKey accepted a short SELLO_MASTER_KEY")
	}
	os.WriteFile(filepath.Join(dir, "bad.key"), []byte("nope"), 0o600)
	if _, err := loadMasterKey(e, filepath.Join(dir, "bad.key")); err == nil {
		t.Error("loadMasterKey accepted a malformed key file")
	}
}
