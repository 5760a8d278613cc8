package portal

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/cfdi/cfditest"
	"github.com/sello-mx/sello/store/sqlite"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type pageEnv struct {
	url  string
	svc  *sello.Service
	clk  *clock
	team *sello.Team
}

func setup(t *testing.T) *pageEnv {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "sello.db"))
	if err != nil {
		t.Fatalf("sqlite.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	clk := &clock{t: time.Date(2026, 3, 1, 18, 0, 0, 0, time.UTC)}
	svc := sello.NewService(sello.Config{Store: db, Now: clk.now, MasterKey: bytes.Repeat([]byte{1}, 32)})
	team := &sello.Team{LegalName: "ESCUELA KEMPER URGATE", TaxID: "EKU9003173C9", TaxSystem: "601", Zip: "42501"}
	if _, err := svc.CreateTeam(context.Background(), team); err != nil {
		t.Fatalf("CreateTeam: %v", err)
	}
	mux := http.NewServeMux()
	New(svc, slog.New(slog.NewTextHandler(io.Discard, nil))).Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &pageEnv{url: srv.URL, svc: svc, clk: clk, team: team}
}

func (e *pageEnv) link(t *testing.T) string {
	t.Helper()
	tok, _, err := e.svc.OnboardingToken(context.Background(), e.team.ID, false)
	if err != nil {
		t.Fatalf("OnboardingToken: %v", err)
	}
	return e.url + "/onboarding/" + tok
}

func get(t *testing.T, url string) (int, string, http.Header) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

// post submits the form; files maps cer and key to contents.
func post(t *testing.T, url string, values map[string]string, files map[string][]byte) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range values {
		w.WriteField(k, v)
	}
	for k, b := range files {
		fw, _ := w.CreateFormFile(k, k+".bin")
		fw.Write(b)
	}
	w.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Post(url, w.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func csdFiles(t *testing.T, dir string) (cer, key []byte, pass string) {
	t.Helper()
	root := filepath.Join(cfditest.SATDir(t), "csd", dir)
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	rfc := strings.Split(dir, "_")[0]
	return read(rfc + ".cer"), read(rfc + ".key"), strings.TrimSpace(string(read("password.txt")))
}

var fiscal = map[string]string{"legal_name": "ESCUELA KEMPER URGATE", "tax_id": "EKU9003173C9", "tax_system": "601",
	"zip": "42501", "primary_color": "#0055aa", "logo": "https://example.com/logo.png"}

func with(m map[string]string, k, v string) map[string]string {
	out := map[string]string{}
	for a, b := range m {
		out[a] = b
	}
	out[k] = v
	return out
}

func TestOnboardingPage(t *testing.T) {
	t.Parallel()
	e := setup(t)
	link := e.link(t)
	status, body, h := get(t, link)
	if status != 200 || h.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("GET onboarding = %d %s", status, h.Get("Content-Type"))
	}
	for _, want := range []string{`lang="es"`, "Configura la facturación de ESCUELA KEMPER URGATE", `<label for="tax_id">RFC</label>`,
		`<label for="keyPass">Contraseña de la llave privada</label>`, `name="viewport"`, `value="601" selected`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if status, body, _ := get(t, e.url+"/onboarding/nope.nope"); status != 404 || !strings.Contains(body, "Enlace no válido") {
		t.Errorf("GET bad token = %d, want 404 with a clear page", status)
	}

	cer, key, pass := csdFiles(t, "EKU9003173C9_2023")
	_, oldKey, _ := csdFiles(t, "EKU9003173C9_2019")
	tests := []struct {
		name   string
		values map[string]string
		files  map[string][]byte
		want   []string
	}{
		{"wrong password", with(fiscal, "keyPass", "nope"), map[string][]byte{"cer": cer, "key": key},
			[]string{"La contraseña no abre la llave privada.", `id="keyPass" name="keyPass" type="password" aria-invalid="true"`}},
		{"mismatched key", with(fiscal, "keyPass", pass), map[string][]byte{"cer": cer, "key": oldKey},
			[]string{"La llave privada no corresponde al certificado."}},
		{"bad fiscal data, no files", with(with(fiscal, "tax_id", "ABC"), "zip", "1"), nil,
			[]string{"El RFC no es válido", "Escribe un código postal de 5 dígitos.", "Sube tu certificado (.cer).", "Escribe la contraseña"}},
	}
	for _, tc := range tests {
		status, body := post(t, link, tc.values, tc.files)
		if status != http.StatusUnprocessableEntity {
			t.Errorf("%s: POST = %d, want 422", tc.name, status)
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: page lacks %q", tc.name, w)
			}
		}
	}
	if status, _ := post(t, link, with(fiscal, "keyPass", pass), map[string][]byte{"cer": cer, "key": key}); status != http.StatusSeeOther {
		t.Fatalf("POST valid = %d, want 303", status)
	}
	status, body, _ = get(t, link)
	if status != 200 || !strings.Contains(body, "¡Listo! Tu equipo ya puede facturar en modo de prueba.") || !strings.Contains(body, "18 de mayo de 2027") {
		t.Errorf("page after upload = %d, want the ready section with the expiry", status)
	}
	team, err := e.svc.Team(context.Background(), &sello.Auth{Team: e.team}, e.team.ID)
	if err != nil {
		t.Fatal(err)
	}
	st, err := e.svc.TeamState(context.Background(), team, false)
	if err != nil || !st.SetupComplete() || team.Brand.PrimaryColor != "#0055aa" {
		t.Errorf("team after onboarding: setup %v, color %q, %v", st != nil && st.SetupComplete(), team.Brand.PrimaryColor, err)
	}

	e.clk.add(sello.OnboardingTTL + time.Second)
	if status, body, _ := get(t, link); status != http.StatusGone || !strings.Contains(body, "Este enlace ha expirado") {
		t.Errorf("GET expired link = %d, want 410 with a clear page", status)
	}
}
