package storetest

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sello-mx/sello"
)

func newPaymentRecord(id string, team sello.TeamID, live bool, status sello.PaymentStatus, at time.Time) *sello.Payment {
	return &sello.Payment{
		ID: id, TeamID: team, Livemode: live, Status: status,
		Client: &sello.Client{ID: "client_1", TeamID: team, Name: "Peña", LegalName: "JOSÉ PEÑA NÚÑEZ", TaxID: "PENJ800101AB1",
			TaxSystem: "612", Email: "Jose@Example.com", Address: sello.Address{Zip: "06600"}, Metadata: map[string]any{"k": "v"},
			CreatedAt: at, UpdatedAt: at},
		ClientID: "client_1",
		Items: []sello.InvoiceItem{{Description: "Consultoría", Quantity: dec("1"), UnitPrice: dec("1000.123456"),
			ProductKey: "80101500", UnitKey: "E48", Taxability: "02",
			Taxes:    []sello.ItemTax{{Tax: sello.Tax{Type: "IVA", Rate: dec("0.16"), Factor: "Tasa"}, Base: dec("1000.12"), Amount: dec("160.02")}},
			Subtotal: dec("1000.12"), Total: dec("1160.14")}},
		Currency: "MXN", ExchangeRate: dec("1"),
		Subtotal: dec("1000.12"), Discount: dec("0"), Taxes: dec("160.02"), Withheld: dec("0"), Total: dec("1160.14"),
		AmountRefunded: dec("0.10"), PaymentForm: "03", AutomationType: sello.AutomationPPD,
		AutomationError: &sello.AutomationError{Code: "cfdi_service_error", Message: "CFDI40147"},
		AllowedMethods:  []string{"card", "bank"}, Emails: []string{"a@example.com"}, SendEmail: true,
		PayToken: "tok", Processor: "api", ProcessorRef: "pi_123", CheckoutURL: "https://checkout.stripe.com/c/pay/cs_1", Invoices: []string{"0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0"},
		Refunds: []sello.Refund{{ID: "refund_1", Amount: dec("0.10"), Reason: "x", External: true, CreatedAt: at}},
		Installments: []sello.Installment{{Amount: dec("50"), Currency: "USD", ExchangeRate: dec("17.5"),
			InPaymentCurrency: dec("875"), PaymentForm: "03", Date: at, InvoiceUUID: "U1"}},
		InvoiceConfig:  &sello.InvoiceConfig{Serie: "PAG", Folio: 7},
		IdempotencyKey: "idem-" + id, Metadata: map[string]any{"crm": "x1", "n": json.Number("2.50")}, From: "api",
		CreatedAt: at, SucceededAt: at.Add(time.Second), UpdatedAt: at.Add(time.Second),
	}
}

func newJob(id, payment string, team sello.TeamID, kind string, installment int, due time.Time) *sello.Job {
	return &sello.Job{ID: id, TeamID: team, Ref: payment, Kind: kind, Arg: installment,
		RunAt: due, CreatedAt: due}
}

func mustCreatePayment(t *testing.T, s sello.Store, p *sello.Payment, jobs ...*sello.Job) {
	t.Helper()
	if err := s.CreatePayment(t.Context(), p, &sello.PaymentWrites{Jobs: jobs}); err != nil {
		t.Fatalf("CreatePayment(%s) = %v", p.ID, err)
	}
}

func testPaymentRoundTrip(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team := sello.TeamID("team_pay")
	mustCreateTeam(t, s, newTeam(team, "", "PAGOS", t0))
	p := newPaymentRecord("payment_1", team, false, sello.PaymentSucceeded, t0)
	p.CanceledAt = t0.Add(time.Hour)
	ev := newEvent("evt_p1", team, false, "payment.created", t0)
	if err := s.CreatePayment(ctx, p, nil, ev); err != nil {
		t.Fatalf("CreatePayment = %v", err)
	}
	got, err := s.FindPaymentByID(ctx, team, false, "payment_1")
	if err != nil {
		t.Fatalf("FindPaymentByID = %v", err)
	}
	if diff := cmp.Diff(p, got, cmpDecimal); diff != "" {
		t.Errorf("FindPaymentByID (-want +got):\n%s", diff)
	}
	if _, err := s.FindEventByID(ctx, team, false, "evt_p1"); err != nil {
		t.Errorf("the event of CreatePayment: %v", err)
	}
	// The general public: no client.
	pub := newPaymentRecord("payment_pub", team, false, sello.PaymentRequiresMethod, t0)
	pub.Client, pub.ClientID, pub.SucceededAt, pub.AutomationError, pub.InvoiceConfig = nil, "", time.Time{}, nil, nil
	mustCreatePayment(t, s, pub)
	if got, err := s.FindPaymentByID(ctx, team, false, "payment_pub"); err != nil || cmp.Diff(pub, got, cmpDecimal) != "" {
		t.Errorf("FindPaymentByID(public) = %v, %v; diff %s", got, err, cmp.Diff(pub, got, cmpDecimal))
	}
	wantCode(t, "FindPaymentByID(other mode)", errOf(s.FindPaymentByID(ctx, team, true, "payment_1")), sello.NotFound)
	// Imported payments read back as created ones; a duplicate id stores
	// none of the batch.
	imported := []*sello.Payment{newPaymentRecord("payment_imp1", team, false, sello.PaymentSucceeded, t0),
		newPaymentRecord("payment_imp2", team, true, sello.PaymentRefunded, t0.Add(time.Second))}
	for _, p := range imported {
		p.IdempotencyKey = ""
	}
	if err := s.ImportPayments(ctx, imported); err != nil {
		t.Fatalf("ImportPayments = %v", err)
	}
	for _, want := range imported {
		if got, err := s.FindPaymentByID(ctx, team, want.Livemode, want.ID); err != nil || cmp.Diff(want, got, cmpDecimal) != "" {
			t.Errorf("FindPaymentByID(%s) after ImportPayments = %v; diff %s", want.ID, err, cmp.Diff(want, got, cmpDecimal))
		}
	}
	dup := []*sello.Payment{newPaymentRecord("payment_imp3", team, false, sello.PaymentSucceeded, t0), imported[0]}
	dup[0].IdempotencyKey = ""
	wantCode(t, "ImportPayments(a duplicate)", s.ImportPayments(ctx, dup), sello.AlreadyExists)
	wantCode(t, "FindPaymentByID(the duplicate's batch)", errOf(s.FindPaymentByID(ctx, team, false, "payment_imp3")), sello.NotFound)
	wantCode(t, "FindPaymentByID(other team)", errOf(s.FindPaymentByID(ctx, "team_x", false, "payment_1")), sello.NotFound)
	wantCode(t, "CreatePayment(duplicate)", s.CreatePayment(ctx, p, nil), sello.AlreadyExists)
	wantCode(t, "CreatePayment(no team)", s.CreatePayment(ctx, newPaymentRecord("payment_x", "team_none", false, sello.PaymentSucceeded, t0), nil), sello.NotFound)
}

func errOf[T any](_ T, err error) error { return err }

func testUpdatePayment(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team := sello.TeamID("team_upd")
	mustCreateTeam(t, s, newTeam(team, "", "PAGOS", t0))
	p := newPaymentRecord("payment_u", team, false, sello.PaymentRequiresMethod, t0)
	mustCreatePayment(t, s, p)
	stale := *p
	p.Status, p.PaymentForm, p.Invoices = sello.PaymentSucceeded, "01", append(p.Invoices, "U2")
	p.UpdatedAt = t0.Add(time.Minute)
	job := newJob("pjob_1", p.ID, team, sello.JobPUEInvoice, 0, t0)
	ev := newEvent("evt_u", team, false, "payment.succeeded", t0)
	if err := s.UpdatePayment(ctx, p, &sello.PaymentWrites{Jobs: []*sello.Job{job}}, ev); err != nil {
		t.Fatalf("UpdatePayment = %v", err)
	}
	if p.Version != 1 {
		t.Errorf("UpdatePayment: Version = %d, want 1", p.Version)
	}
	got, _ := s.FindPaymentByID(ctx, team, false, p.ID)
	if diff := cmp.Diff(p, got, cmpDecimal); diff != "" {
		t.Errorf("after UpdatePayment (-want +got):\n%s", diff)
	}
	// A writer that read the old version loses and writes nothing.
	stale.Status = sello.PaymentCanceled
	wantCode(t, "UpdatePayment(stale)", s.UpdatePayment(ctx, &stale, &sello.PaymentWrites{Jobs: []*sello.Job{newJob("pjob_stale", p.ID, team, sello.JobComplement, 0, t0)}}), sello.Conflict)
	if jobs, _ := s.FindJobs(ctx, team, false, p.ID); len(jobs) != 1 {
		t.Errorf("a refused update stored its jobs: %d jobs", len(jobs))
	}
	wantCode(t, "UpdatePayment(missing)", s.UpdatePayment(ctx, newPaymentRecord("payment_none", team, false, sello.PaymentSucceeded, t0), nil), sello.NotFound)
	// A second job of the same kind and installment is refused.
	wantCode(t, "UpdatePayment(same job twice)", s.UpdatePayment(ctx, p, &sello.PaymentWrites{Jobs: []*sello.Job{newJob("pjob_2", p.ID, team, sello.JobPUEInvoice, 0, t0)}}), sello.AlreadyExists)
	// Writing a known job updates it.
	job.DoneAt, job.Attempts, job.LastError = t0.Add(time.Hour), 2, "pac down"
	if err := s.UpdatePayment(ctx, p, &sello.PaymentWrites{Jobs: []*sello.Job{job}}); err != nil {
		t.Fatalf("UpdatePayment(finish job) = %v", err)
	}
	jobs, err := s.FindJobs(ctx, team, false, p.ID)
	if err != nil || len(jobs) != 1 {
		t.Fatalf("FindJobs = %v, %v", jobs, err)
	}
	if diff := cmp.Diff(job, jobs[0]); diff != "" {
		t.Errorf("FindJobs (-want +got):\n%s", diff)
	}
}

func testFindPayments(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team := sello.TeamID("team_list")
	mustCreateTeam(t, s, newTeam(team, "", "PAGOS", t0))
	for i, st := range []sello.PaymentStatus{sello.PaymentSucceeded, sello.PaymentRequiresMethod, sello.PaymentSucceeded} {
		p := newPaymentRecord(fmt.Sprintf("payment_%d", i), team, false, st, t0.Add(time.Duration(i)*time.Second))
		if i == 2 {
			p.Client.Email, p.Client.TaxID, p.Client.LegalName, p.ClientID, p.Currency = "otro@example.com", "EKU9003173C9", "ÁRBOL", "client_2", "USD"
			p.Client.ID = "client_2"
		}
		mustCreatePayment(t, s, p)
	}
	mustCreatePayment(t, s, newPaymentRecord("payment_live", team, true, sello.PaymentSucceeded, t0))
	ids := func(f sello.PaymentFilter) []string {
		t.Helper()
		f.TeamID = team
		f.Desc = f.OrderBy == ""
		ps, _, total, err := s.FindPayments(ctx, f)
		if err != nil {
			t.Fatalf("FindPayments(%+v) = %v", f, err)
		}
		var out []string
		for _, p := range ps {
			out = append(out, p.ID)
		}
		if total != len(out) {
			t.Errorf("FindPayments(%+v): total %d, %d rows", f, total, len(out))
		}
		return out
	}
	for _, tc := range []struct {
		name string
		f    sello.PaymentFilter
		want []string
	}{
		{"all, newest first", sello.PaymentFilter{}, []string{"payment_2", "payment_1", "payment_0"}},
		{"succeeded", sello.PaymentFilter{Statuses: []sello.PaymentStatus{sello.PaymentSucceeded}}, []string{"payment_2", "payment_0"}},
		{"client", sello.PaymentFilter{ClientID: "client_2"}, []string{"payment_2"}},
		{"currency", sello.PaymentFilter{Currency: "usd"}, []string{"payment_2"}},
		{"email", sello.PaymentFilter{Email: "JOSE@example.com"}, []string{"payment_1", "payment_0"}},
		{"tax id", sello.PaymentFilter{TaxID: "eku9003173c9"}, []string{"payment_2"}},
		{"q accents", sello.PaymentFilter{Query: "arbol"}, []string{"payment_2"}},
		{"q id", sello.PaymentFilter{Query: "payment_1"}, []string{"payment_1"}},
		{"metadata", sello.PaymentFilter{Metadata: map[string]string{"crm": "x1"}}, []string{"payment_2", "payment_1", "payment_0"}},
		{"by name", sello.PaymentFilter{ListOptions: sello.ListOptions{OrderBy: "name"}}, []string{"payment_0", "payment_1", "payment_2"}},
		{"live", sello.PaymentFilter{Livemode: true}, []string{"payment_live"}},
	} {
		if diff := cmp.Diff(tc.want, ids(tc.f)); diff != "" {
			t.Errorf("FindPayments(%s) (-want +got):\n%s", tc.name, diff)
		}
	}
}

func testPaymentJobs(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team := sello.TeamID("team_jobs")
	mustCreateTeam(t, s, newTeam(team, "", "PAGOS", t0))
	p := newPaymentRecord("payment_j", team, false, sello.PaymentRequiresMethod, t0)
	ppd := newJob("pjob_ppd", p.ID, team, sello.JobPPDInvoice, 0, t0)
	c1 := newJob("pjob_c1", p.ID, team, sello.JobComplement, 1, t0.Add(time.Second))
	late := newJob("pjob_late", p.ID, team, sello.JobComplement, 2, t0.Add(time.Hour))
	mustCreatePayment(t, s, p, late, c1, ppd)
	if other, err := s.ClaimJobs(ctx, t0.Add(time.Minute), time.Minute, 10, sello.JobInvoice, sello.JobDelivery); err != nil || len(other) != 0 {
		t.Errorf("ClaimJobs(other kinds) = %v, %v; want none", other, err)
	}
	got, err := s.ClaimJobs(ctx, t0.Add(time.Minute), time.Minute, 10, sello.JobKinds...)
	if err != nil {
		t.Fatalf("ClaimJobs = %v", err)
	}
	if len(got) != 2 || got[0].ID != "pjob_ppd" || got[1].ID != "pjob_c1" {
		t.Fatalf("ClaimJobs = %v, want pjob_ppd, pjob_c1", got)
	}
	if !got[0].Lease.Equal(t0.Add(2*time.Minute)) || !got[0].RunAt.Equal(t0) {
		t.Errorf("claimed job due %v leased until %v, want due at %v, leased until %v", got[0].RunAt, got[0].Lease, t0, t0.Add(2*time.Minute))
	}
	if again, _ := s.ClaimJobs(ctx, t0.Add(time.Minute), time.Minute, 10, sello.JobKinds...); len(again) != 0 {
		t.Errorf("ClaimJobs during the lease = %v, want none", again)
	}
	// A worker whose claim was lost writes nothing, through UpdateJob or
	// with its payment.
	stale := *got[1]
	stale.Lease, stale.DoneAt = stale.Lease.Add(-time.Minute), t0
	wantCode(t, "UpdateJob(lost claim)", s.UpdateJob(ctx, &stale), sello.Conflict)
	if err := s.UpdatePayment(ctx, p, &sello.PaymentWrites{Jobs: []*sello.Job{&stale}}); err != nil {
		t.Fatalf("UpdatePayment(lost claim) = %v", err)
	}
	got[0].DoneAt = t0.Add(time.Minute)
	if err := s.UpdateJob(ctx, got[0]); err != nil {
		t.Fatalf("UpdateJob = %v", err)
	}
	wantCode(t, "UpdateJob(missing)", s.UpdateJob(ctx, newJob("pjob_none", p.ID, team, sello.JobComplement, 9, t0)), sello.NotFound)
	// After the lease the open job is claimed again; the done one never.
	again, err := s.ClaimJobs(ctx, t0.Add(3*time.Minute), time.Minute, 10, sello.JobKinds...)
	if err != nil || len(again) != 1 || again[0].ID != "pjob_c1" {
		t.Errorf("ClaimJobs after the lease = %v, %v; want pjob_c1", again, err)
	}
	jobs, err := s.FindJobs(ctx, team, false, p.ID)
	if err != nil || len(jobs) != 3 {
		t.Fatalf("FindJobs = %v, %v", jobs, err)
	}
	if other, _ := s.FindJobs(ctx, team, true, p.ID); len(other) != 0 {
		t.Errorf("FindJobs in the other mode = %v", other)
	}
}

// testPaymentJobsClaimConcurrent: concurrent workers never claim one job twice.
func testPaymentJobsClaimConcurrent(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team := sello.TeamID("team_jc")
	mustCreateTeam(t, s, newTeam(team, "", "PAGOS", t0))
	const n = 30
	for i := range n {
		p := newPaymentRecord(fmt.Sprintf("payment_%02d", i), team, false, sello.PaymentSucceeded, t0)
		mustCreatePayment(t, s, p, newJob(fmt.Sprintf("pjob_%02d", i), p.ID, team, sello.JobPUEInvoice, 0, t0))
	}
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				jobs, err := s.ClaimJobs(ctx, t0.Add(time.Second), time.Hour, 4, sello.JobKinds...)
				if err != nil {
					t.Errorf("ClaimJobs = %v", err)
					return
				}
				if len(jobs) == 0 {
					return
				}
				mu.Lock()
				for _, j := range jobs {
					seen[j.ID]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(seen) != n {
		t.Errorf("claimed %d distinct jobs, want %d", len(seen), n)
	}
	for id, c := range seen {
		if c != 1 {
			t.Errorf("job %s claimed %d times", id, c)
		}
	}
}

func testTeamStripe(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team := sello.TeamID("team_stripe")
	mustCreateTeam(t, s, newTeam(team, "", "PAGOS", t0))
	wantCode(t, "FindTeamStripe(none)", errOf(s.FindTeamStripe(ctx, team, false)), sello.NotFound)
	c := &sello.TeamStripe{TeamID: team, SealedSecretKey: []byte{1, 2}, SealedWebhookSecret: []byte{3}, CreatedAt: t0, UpdatedAt: t0}
	ev := newEvent("evt_stripe", team, false, "teams.stripe.completed", t0)
	if err := s.PutTeamStripe(ctx, c, ev); err != nil {
		t.Fatalf("PutTeamStripe = %v", err)
	}
	c2 := *c
	c2.SealedSecretKey, c2.UpdatedAt = []byte{9, 9, 9}, t0.Add(time.Hour)
	if err := s.PutTeamStripe(ctx, &c2); err != nil {
		t.Fatalf("PutTeamStripe(replace) = %v", err)
	}
	got, err := s.FindTeamStripe(ctx, team, false)
	if err != nil {
		t.Fatalf("FindTeamStripe = %v", err)
	}
	if diff := cmp.Diff(&c2, got); diff != "" {
		t.Errorf("FindTeamStripe (-want +got):\n%s", diff)
	}
	wantCode(t, "FindTeamStripe(live)", errOf(s.FindTeamStripe(ctx, team, true)), sello.NotFound)
	wantCode(t, "PutTeamStripe(no team)", s.PutTeamStripe(ctx, &sello.TeamStripe{TeamID: "team_none", SealedSecretKey: []byte{1},
		SealedWebhookSecret: []byte{1}, CreatedAt: t0, UpdatedAt: t0}), sello.NotFound)
	if _, err := s.FindEventByID(ctx, team, false, "evt_stripe"); err != nil {
		t.Errorf("the event of PutTeamStripe: %v", err)
	}
}
