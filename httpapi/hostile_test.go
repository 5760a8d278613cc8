package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestHostileCorpus sends a corpus of malformed requests to every POST,
// PUT and DELETE route of the route table (and hostile queries to every
// GET route), on both engines, through the real handler with a stamping
// PAC: whole bodies that are not objects, not UTF-8, too deep or too wide,
// and well-formed bodies with one value replaced by a hostile one (huge
// exponents, long digit strings, control characters, NUL, null, wrong
// types, deep nesting), every body at most 1 MiB. No answer may be a 5xx,
// and no request may allocate more than 64 MB; times are logged (issue 12
// §1, §2).
func TestHostileCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("the corpus takes a while")
	}
	onEachEngine(t, func(t *testing.T, e *env) {
		ids := seedHostile(t, e)
		corpus := hostileCorpus(NewServer(e.svc, nil).routes, ids)
		if len(corpus) < 2000 {
			t.Fatalf("corpus has %d requests, want at least 2000", len(corpus))
		}
		client := &http.Client{Timeout: time.Minute}
		var walls []time.Duration
		var worst hostileRequest
		var worstAlloc uint64
		var slowest hostileRequest
		var slowestWall time.Duration
		fails, by5xx := 0, map[int]int{}
		for _, hr := range corpus {
			status, wall, alloc, err := hr.send(client, e)
			switch {
			case err != nil:
				fails++
				t.Errorf("%s %s %.120q: %v", hr.method, hr.path, hr.payload(), err)
			case status >= 500:
				fails++
				by5xx[status]++
				if by5xx[status] <= 20 {
					t.Errorf("%s %s %.300q = %d", hr.method, hr.path, hr.payload(), status)
				}
			case alloc > 64<<20:
				t.Errorf("%s allocated %d MB", hr, alloc>>20)
			}
			if alloc > worstAlloc {
				worst, worstAlloc = hr, alloc
			}
			if wall > slowestWall {
				slowest, slowestWall = hr, wall
			}
			walls = append(walls, wall)
		}
		slices.Sort(walls)
		q := func(f float64) time.Duration { return walls[int(f*float64(len(walls)-1))] }
		t.Logf("%d malformed requests, %d answered 5xx or failed; wall time p50 %v, p99 %v, max %v (%s); most allocation %d KB (%s)",
			len(corpus), fails, q(0.5), q(0.99), q(1), slowest, worstAlloc>>10, worst)
		if fails > 0 && strings.Contains(e.logs.String(), "request failed") {
			t.Logf("server log (5xx):\n%.4000s", grepLines(e.logs.String(), "request failed"))
		}

		// What the corpus stored (if anything) still lists quickly and small.
		start := time.Now()
		resp, out := e.do(t, "GET", "/v2/services?limit=100", bearer(e.test), "")
		raw, _ := json.Marshal(out)
		if resp.StatusCode != 200 || len(raw) > 1<<20 {
			t.Errorf("GET /v2/services?limit=100 after the corpus = %d, %d bytes", resp.StatusCode, len(raw))
		}
		t.Logf("GET /v2/services?limit=100 after the corpus: %v, %d bytes", time.Since(start), len(raw))
	})
}

// TestHostilePaths: a path parameter holding NUL, a control character or
// bytes that are not UTF-8 names nothing: 404 on every route, before any
// store sees it (issue 12 §2).
func TestHostilePaths(t *testing.T) {
	onEachEngine(t, func(t *testing.T, e *env) {
		n := 0
		for _, rt := range NewServer(e.svc, nil).routes {
			for _, id := range hostileIDs {
				path := fillPath(rt.Pattern, map[string]string{"": id})
				if path == rt.Pattern {
					continue
				}
				n++
				resp, out := e.do(t, rt.Method, path, bearer(e.test), `{}`)
				if resp.StatusCode != http.StatusNotFound {
					t.Errorf("%s %s = %d %v, want 404", rt.Method, path, resp.StatusCode, out["error"])
				}
			}
		}
		t.Logf("%d requests", n)
	})
}

// hostileRequest is one request of the corpus: a whole body, or base
// with the value at leaf replaced by the JSON value (built when sent).
type hostileRequest struct {
	method, path string
	body         []byte
	base         any
	leaf         []any
	value        string
}

// String describes hr in a line.
func (hr hostileRequest) String() string {
	if hr.leaf == nil {
		return fmt.Sprintf("%s %s, %d-byte body %.60q", hr.method, hr.path, len(hr.body), hr.body)
	}
	return fmt.Sprintf("%s %s, %v = %.60q", hr.method, hr.path, hr.leaf, hr.value)
}

func (hr hostileRequest) payload() []byte {
	if hr.leaf == nil {
		return hr.body
	}
	return replaceAt(hr.base, hr.leaf, hr.value)
}

// send sends hr with the parent's test key and measures it: the status, the
// wall time, and the bytes allocated by the whole process meanwhile (the
// server runs in it).
func (hr hostileRequest) send(client *http.Client, e *env) (int, time.Duration, uint64, error) {
	req, err := http.NewRequest(hr.method, e.url+hr.path, bytes.NewReader(hr.payload()))
	if err != nil {
		return 0, 0, 0, err
	}
	req.Header.Set("Authorization", "Bearer "+e.test)
	req.Header.Set("Content-Type", "application/json")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, 0, 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	wall := time.Since(start)
	runtime.ReadMemStats(&after)
	return resp.StatusCode, wall, after.TotalAlloc - before.TotalAlloc, err
}

// seedHostile creates one object of each kind, so that routes with ids
// reach their decoders; it returns path prefixes and their ids for
// fillPath.
func seedHostile(t *testing.T, e *env) map[string]string {
	t.Helper()
	id := func(method, path, body, field string) string {
		resp, out := e.do(t, method, path, bearer(e.test), body)
		v, _ := lookup(out, field).(string)
		if resp.StatusCode >= 300 || v == "" {
			t.Logf("seeding %s %s = %d %v", method, path, resp.StatusCode, out["error"])
		}
		return v
	}
	client := id("POST", "/v2/clients", ureClient, "data.id")
	ids := map[string]string{
		"/v2/clients/": client, "/v2/clients/validate/": client,
		"/v2/services/":    id("POST", "/v2/services", `{"description":"Consultoría","unit_price":100,"sku":"S-1"}`, "data.id"),
		"/v2/users/":       id("POST", "/v2/users", `{"email":"ana@example.com","first_name":"Ana"}`, "data.id"),
		"/v2/webhooks/":    id("POST", "/v2/webhooks", `{"url":"https://example.com/hook","events":["invoice.created"]}`, "data.id"),
		"/v2/receipts/":    id("POST", "/v2/receipts", `{"items":[`+ivaItem+`],"payment_form":"03"}`, "data.id"),
		"/v2/payments/":    id("POST", "/v2/payments/request", `{"client":{"id":"`+client+`"},"items":[`+ivaItem+`],"automation_type":"none"}`, "data.id"),
		"/v2/invoices/":    id("POST", "/v2/invoices/income", `{"client":{"id":"`+client+`"},"items":[`+ivaItem+`],"payment_form":"03"}`, "data.uuid"),
		"/draft/":          id("POST", "/v2/invoices/draft", `{"client":{"id":"`+client+`"},"items":[`+ivaItem+`]}`, "data.id"),
		"/v2/teams/":       string(e.parent.ID),
		"/connect/teams/":  string(e.child.ID),
		"/stripe/webhook/": string(e.parent.ID),
		"{seriesId}":       "A",
		"{action}":         "stamp-pending-receipts",
		"{kind}":           "draft",
		"{deliveryId}":     "delivery_x",
	}
	ids["/v2/events/"] = id("GET", "/v2/events?limit=1", "", "data.0.id")
	return ids
}

// hostileValues are JSON values put in the place of one field.
var hostileValues = []string{
	`1e100000000`, `-1e100000000`, `1e4000000`, `1e-100000000`, `"1e100000"`, `"-1e100000"`, `"1e100000000"`,
	`123456789012345678901234567890`, `0.30000000000000004`, `1e18`, `-0`, `-1`, `1.0000001`, `1e308`, `1e309`,
	strings.Repeat("9", 200000), `"` + strings.Repeat("9", 200000) + `"`, `0.` + strings.Repeat("0", 100000) + `1`,
	`"a\u0000b"`, `"a\u0001b"`, `"\u000b"`, `"\ufffe"`, `"\uffff"`, `"\ud800"`, `"\u007f\u0085"`, `"tab\there"`,
	`"line\nbreak\r"`, `null`, `[]`, `{}`, `true`, `""`, `"  "`, `"|"`, `"ZZZ"`, `"%00"`, `"' OR 1=1 --"`,
	`"` + strings.Repeat("x", 300000) + `"`, `"` + strings.Repeat("é", 3000) + `"`,
	strings.Repeat("[", 200) + strings.Repeat("]", 200), strings.Repeat(`{"a":`, 200) + "1" + strings.Repeat("}", 200),
	"[" + strings.Repeat("1,", 100000) + "1]", "[" + strings.Repeat("{},", 50000) + "{}]",
	`["a\u0000"]`, `{"\u0000":1}`, `{"k":1e100000000}`,
}

// hostileBodies are whole bodies, each at most 1 MiB but the last (which
// must be 413).
func hostileBodies() [][]byte {
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	wide := func(n int) string {
		var b strings.Builder
		b.WriteString("{")
		for i := range n {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `"k%d":%d`, i, i)
		}
		return b.String() + "}"
	}
	out := []string{
		`null`, ` null `, `[]`, `"x"`, `1`, `true`, `{`, `{}}`, `{"a":1}{"b":2}`, "\xef\xbb\xbf{}", "{\"a\":\"\xff\"}",
		"{\"a\xff\":1}", `{"a":1,"a":2}`, `{"__proto__":{}}`, deep(10001), deep(5000), `{"a":` + deep(5000) + `}`,
		`{"metadata":` + strings.Repeat(`{"a":`, 3000) + "1" + strings.Repeat("}", 3000) + `}`,
		wide(60000), `{"a":"` + strings.Repeat("x", 1<<20-10) + `"}`, `{"metadata":{"k":"` + strings.Repeat("x", 9000) + `"}}`,
		`{"metadata":{"\u0000":"x"}}`, `{"a\u0000":1}`, `{"` + strings.Repeat("k", 100000) + `":1}`,
		`{"items":[` + strings.Repeat(`{"description":"x","unit_price":1},`, 20000) + `{}]}`,
		`{"items":` + "[" + strings.Repeat("1,", 200000) + "1]" + `}`,
		`{"a":"` + strings.Repeat("x", 1<<20) + `"}`,
	}
	bodies := make([][]byte, len(out))
	for i, s := range out {
		bodies[i] = []byte(s)
	}
	return bodies
}

// hostileIDs are path parameters: NUL, control characters, bytes that are
// not UTF-8, U+FFFF.
var hostileIDs = []string{"x%00", "%00", "client_x%01y", "%FF%FE", "x%0Ay", "%EF%BF%BF"}

// hostileQueries are query strings for GET routes.
var hostileQueries = []string{
	"limit=1e100000000", "limit=99999999999999999999", "min_price=1e100000000", "max_price=-1e-100000000",
	"q=%00", "q=a%01b", "email=%FF", "name=%EF%BF%BE", "metadata.k=%00", "metadata.%00=1", "created[gte]=1e100000000",
	"created[lte]=99999999999999999999", "page=99999999999999999999", "page=1e100000000", "next=%00", "status=%01",
	"tax_id=" + strings.Repeat("A", 5000), "team=team_%00", "order_by=%00", "active=%00", "q=" + strings.Repeat("%C3%A9", 3000),
}

// hostileCorpus builds the requests: for each POST, PUT and DELETE route
// every hostile body, then a well-formed body (a skeleton of the route's
// request type) with each of its fields in turn replaced by some hostile
// values; for each GET route every hostile query.
func hostileCorpus(routes []*route, ids map[string]string) []hostileRequest {
	rnd := rand.New(rand.NewPCG(12, 2026))
	var out []hostileRequest
	bodies := hostileBodies()
	var deletes []hostileRequest
	for _, rt := range routes {
		path := fillPath(rt.Pattern, ids)
		if rt.Method == "GET" {
			for _, q := range hostileQueries {
				out = append(out, hostileRequest{method: "GET", path: path + "?" + q})
			}
			continue
		}
		var reqs []hostileRequest
		for _, b := range bodies {
			reqs = append(reqs, hostileRequest{method: rt.Method, path: path, body: b})
		}
		base := requestSkeleton(rt)
		for _, leaf := range skeletonPaths(base, nil) {
			for k := 0; k < 5; k++ {
				v := hostileValues[rnd.IntN(len(hostileValues))]
				reqs = append(reqs, hostileRequest{method: rt.Method, path: path, base: base, leaf: leaf, value: v})
			}
		}
		if rt.Method == "DELETE" {
			deletes = append(deletes, reqs...) // last: they remove what others use
			continue
		}
		out = append(out, reqs...)
	}
	return append(out, deletes...)
}

// requestSkeleton is a well-formed body for rt: its request type with every
// field set to a plain value, or a realistic body for the routes whose
// decoders need one to go deep.
func requestSkeleton(rt *route) any {
	realistic := map[string]string{
		"/v2/services": `{"description":"x","unit_price":1,"quantity":1,"sku":"s","unit_name":"u","product_key":"84111506","taxes":[{"type":"IVA","rate":0.16,"factor":"Tasa"}],"metadata":{"k":"v"}}`,
		"/v2/clients":  ureClient,
		"invoice": `{"client":{"legal_name":"UNIVERSIDAD ROBOTICA ESPAÑOLA","tax_id":"URE180429TM6","tax_system":"601","use":"G03","email":"a@b.mx","address":{"zip":"86991","country":"MEX"}},
			"items":[{"description":"x","quantity":1,"unit_price":100,"discount":1,"product_key":"84111506","unit_key":"E48","unit_name":"u","sku":"k",
			"taxes":[{"type":"IVA","rate":0.16,"factor":"Tasa","base":99}]}],"payment_form":"03","payment_method":"PUE","currency":"USD","exchange_rate":17.5,
			"series":"A","invoice_pdf_notes":"n","metadata":{"k":"v"},"emails":["a@b.mx"],"related_documents":[{"relationship":"04","documents":["5FB2822E-396D-4725-8521-CDC4BDD20CCF"]}]}`,
	}
	var raw string
	switch {
	case realistic[strings.TrimSuffix(rt.Pattern, "/{id}")] != "":
		raw = realistic[strings.TrimSuffix(rt.Pattern, "/{id}")]
	case rt.Aliases != nil && (reflect.ValueOf(rt.Aliases).Pointer() == reflect.ValueOf(invoiceAliases).Pointer() ||
		reflect.ValueOf(rt.Aliases).Pointer() == reflect.ValueOf(paymentAliases).Pointer()):
		raw = realistic["invoice"]
	}
	if raw != "" {
		var v any
		dec := json.NewDecoder(strings.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&v); err == nil {
			return v
		}
	}
	if rt.Request == nil {
		return map[string]any{"a": "x"}
	}
	return skeletonOf(reflect.TypeOf(rt.Request), 0)
}

// skeletonOf is a plain value of type t: "x", 1, true, one element.
func skeletonOf(t reflect.Type, depth int) any {
	switch t {
	case rawMessageType, anyJSONType:
		return map[string]any{"k": "v"}
	case numberType:
		return json.Number("1")
	}
	switch t.Kind() {
	case reflect.Pointer:
		return skeletonOf(t.Elem(), depth)
	case reflect.String:
		return "x"
	case reflect.Bool:
		return true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return json.Number("1")
	case reflect.Slice, reflect.Array:
		if depth > 4 {
			return []any{}
		}
		return []any{skeletonOf(t.Elem(), depth+1)}
	case reflect.Map:
		if depth > 4 {
			return map[string]any{}
		}
		return map[string]any{"k": skeletonOf(t.Elem(), depth+1)}
	case reflect.Struct:
		m := map[string]any{}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if depth > 4 {
				m[name] = "x"
				continue
			}
			m[name] = skeletonOf(f.Type, depth+1)
		}
		return m
	}
	return "x"
}

// skeletonPaths lists the path of every value inside v (keys and indexes).
func skeletonPaths(v any, prefix []any) [][]any {
	var out [][]any
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			p := append(slices.Clone(prefix), k)
			out = append(out, p)
			out = append(out, skeletonPaths(x[k], p)...)
		}
	case []any:
		for i, e := range x {
			p := append(slices.Clone(prefix), i)
			out = append(out, p)
			out = append(out, skeletonPaths(e, p)...)
		}
	}
	return out
}

// replaceAt encodes base with the value at path replaced by raw JSON.
func replaceAt(base any, path []any, raw string) []byte {
	const mark = "@@hostile@@"
	var rebuild func(v any, i int) any
	rebuild = func(v any, i int) any {
		if i == len(path) {
			return mark
		}
		switch x := v.(type) {
		case map[string]any:
			out := make(map[string]any, len(x))
			for k, e := range x {
				out[k] = e
			}
			out[path[i].(string)] = rebuild(x[path[i].(string)], i+1)
			return out
		case []any:
			out := slices.Clone(x)
			out[path[i].(int)] = rebuild(x[path[i].(int)], i+1)
			return out
		}
		return v
	}
	b, _ := json.Marshal(rebuild(base, 0))
	return bytes.Replace(b, []byte(`"`+mark+`"`), []byte(raw), 1)
}

// grepLines keeps the lines of s that contain sub.
func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
