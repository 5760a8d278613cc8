package sello

import (
	"context"
	"time"
)

// InvoiceWrites is what storing a new invoice writes with it, in its
// transaction.
type InvoiceWrites struct {
	// Draft says the invoice takes the place of the draft of its id (a
	// draft stamped): Conflict when that is no longer a draft.
	Draft bool
	// Creations are the clients and services its request creates.
	Creations
	// Touched are invoices whose mutable fields it changes (the balance of
	// the invoices a payment complement pays).
	Touched []*Invoice
	// Receipts are the receipts it completes, as claimed by the invoice's
	// id (its own receipt, or with Run a global invoice's): Conflict when a
	// claim was lost. Run is the global-invoice run it ends.
	Receipts []*Receipt
	Run      *GlobalRun
	// Jobs are the jobs it opens (the payment its own automation asks for).
	Jobs []*Job
}

// Creations are the clients and services a request creates besides its
// object (an inline client, a search with auto_create), stored first in the
// object's transaction, so that a refused request stores none of them.
// Their events go with the object's.
type Creations struct {
	Clients []*Client
	// Searched holds, by a new client's id, the client search (with
	// auto_create) that found none and so creates it. The transaction runs
	// it again, one at a time for the same search: a client that another
	// request created meanwhile is used instead of a second one, and what
	// the object holds of its client then names that one.
	Searched map[string]ClientFilter
	Products []*Product
}

// client returns the new client of that id, or nil (cr nil: none).
func (cr *Creations) client(id string) *Client {
	if cr == nil {
		return nil
	}
	for _, c := range cr.Clients {
		if c.ID == id {
			return c
		}
	}
	return nil
}

// PaymentWrites is what storing a payment writes with it, in its
// transaction.
type PaymentWrites struct {
	Creations
	// Jobs are the jobs its automation needs (a job of the same kind
	// replaces the open one).
	Jobs []*Job
}

// Store persists Sello's objects. Two engines implement it (store/sqlite and
// store/postgres) and both pass the one suite in store/storetest.
//
// Methods that change an object take the events the change causes as a last
// `events ...*Event` parameter and record them in the same transaction: a
// change is never stored without its events, nor an event without its change.
//
// Methods that look an object up return an *Error with code NotFound when it
// does not exist; methods that insert return AlreadyExists on a duplicate
// unique value. Any other storage failure is an *Error with code Database.
type Store interface {
	// Ping checks that the database is reachable.
	Ping(ctx context.Context) error
	// Close releases the database.
	Close() error

	// Secret returns the server secret stored under name, creating it with
	// generate() on first use. Concurrent first uses agree on one value.
	Secret(ctx context.Context, name string, generate func() ([]byte, error)) ([]byte, error)
	// FindSecret returns the server secret stored under name, or NotFound.
	FindSecret(ctx context.Context, name string) ([]byte, error)
	// DeleteSecret forgets the server secret stored under name; deleting
	// one that does not exist does nothing.
	DeleteSecret(ctx context.Context, name string) error

	// CreateTeam stores a new team. AlreadyExists if the id is taken.
	CreateTeam(ctx context.Context, t *Team, events ...*Event) error
	// FindTeamByID returns a team or NotFound.
	FindTeamByID(ctx context.Context, id TeamID) (*Team, error)
	// CountTeams returns how many teams exist.
	CountTeams(ctx context.Context) (int, error)
	// FindTeams returns one page of teams matching the filter, whether more
	// follow, and how many match in total.
	FindTeams(ctx context.Context, f TeamFilter) (teams []*Team, hasMore bool, total int, err error)

	// CreateAPIKey stores a new key.
	CreateAPIKey(ctx context.Context, k *APIKey) error
	// FindAPIKeyByID returns a key (revoked or not) or NotFound.
	FindAPIKeyByID(ctx context.Context, id string) (*APIKey, error)
	// RevokeAPIKey marks a key revoked at the given time; NotFound if unknown.
	// Revoking a revoked key keeps the first revocation time.
	RevokeAPIKey(ctx context.Context, id string, at time.Time) error

	// BeginIdempotent records rec as in flight when its key is unused and
	// returns (nil, nil). When the key is already recorded it changes nothing
	// and returns the existing record (in flight or done).
	BeginIdempotent(ctx context.Context, rec *IdempotencyRecord) (*IdempotencyRecord, error)
	// FinishIdempotent stores the answer of an in-flight record.
	FinishIdempotent(ctx context.Context, key IdempotencyKey, status int, contentType string, body []byte) error
	// ReleaseIdempotent forgets an in-flight record (the request failed with a 5xx).
	ReleaseIdempotent(ctx context.Context, key IdempotencyKey) error
	// PurgeIdempotent deletes records created before the given time.
	PurgeIdempotent(ctx context.Context, before time.Time) (int, error)
	// ReleaseIdempotentOf forgets the in-flight records of a dead process,
	// so that their retries run again; it returns how many it forgot.
	ReleaseIdempotentOf(ctx context.Context, owner string) (int, error)

	// RegisterProcess records a starting process.
	RegisterProcess(ctx context.Context, p *Process) error
	// BeatProcess records that a process is alive at the given time;
	// NotFound when its record is gone (others judged it dead).
	BeatProcess(ctx context.Context, id string, at time.Time) error
	// Processes returns every recorded process.
	Processes(ctx context.Context) ([]*Process, error)
	// ClaimProcess makes by the only recoverer of a dead process until
	// `until`: false when another holds an unexpired claim (or the record is
	// gone).
	ClaimProcess(ctx context.Context, id, by string, now, until time.Time) (bool, error)
	// ForgetProcess deletes a process's record (once what it held is resolved).
	ForgetProcess(ctx context.Context, id string) error

	// BeginIssuing records a sealed document durably before its provider
	// call (on SQLite in the group commit of new invoices). The commits that
	// store the invoice (CreateInvoice) delete it. AlreadyExists when the invoice id has one;
	// Conflict, writing nothing, when is.Reserved and the reservation is no
	// longer is.Owner's (recovery handed it back: its owner was judged dead).
	BeginIssuing(ctx context.Context, is *Issuing) error
	// QuarantineIssuing sets a record that recovery cannot resolve aside,
	// for an operator (owner "quarantine"): its folio stays pinned.
	QuarantineIssuing(ctx context.Context, invoiceID, owner string) error
	// Issuings returns the sealed documents a process left on their way to
	// the provider, oldest first.
	Issuings(ctx context.Context, owner string) ([]*Issuing, error)
	// DropIssuing deletes the record of a document that was never stamped,
	// if owner still holds it, and then gives its folio back when release
	// is set, in one transaction. dropped is false when the record was gone
	// (another process resolved it): then nothing changes.
	DropIssuing(ctx context.Context, invoiceID, owner string, release bool) (dropped bool, err error)
	// ReleaseFoliosOf gives back every folio a dead process still holds,
	// but those of an Issuing record (its own, or one set aside), and
	// returns how many.
	ReleaseFoliosOf(ctx context.Context, owner string) (int, error)

	// RecordEvent stores events that belong to no other change.
	RecordEvent(ctx context.Context, events ...*Event) error
	// FindEventByID returns an event of the team and mode, or NotFound.
	FindEventByID(ctx context.Context, team TeamID, livemode bool, id string) (*Event, error)
	// FindEvents returns one page of events matching the filter, whether more
	// follow, and how many match in total.
	FindEvents(ctx context.Context, f EventFilter) (events []*Event, hasMore bool, total int, err error)

	// CreateClient stores a new client with its events.
	CreateClient(ctx context.Context, c *Client, events ...*Event) error
	// FindClientByID returns a client of the team and mode that is not
	// deleted, or NotFound.
	FindClientByID(ctx context.Context, team TeamID, livemode bool, id string) (*Client, error)
	// FindClients returns one page of clients matching the filter, whether
	// more follow, and how many match in total.
	FindClients(ctx context.Context, f ClientFilter) (clients []*Client, hasMore bool, total int, err error)
	// UpdateClient replaces a stored client (matched by id, team and mode)
	// with c. NotFound when it does not exist or was deleted.
	UpdateClient(ctx context.Context, c *Client, events ...*Event) error
	// DeleteClient soft-deletes a client at the given time. NotFound when it
	// does not exist or was already deleted.
	DeleteClient(ctx context.Context, team TeamID, livemode bool, id string, at time.Time, events ...*Event) error

	// CreateProduct stores a new service with its events. AlreadyExists when
	// its SKU is taken in the team and mode.
	CreateProduct(ctx context.Context, p *Product, events ...*Event) error
	// FindProductByID returns a service of the team and mode that is not
	// deleted, or NotFound.
	FindProductByID(ctx context.Context, team TeamID, livemode bool, id string) (*Product, error)
	// FindProducts returns one page of services matching the filter.
	FindProducts(ctx context.Context, f ProductFilter) (products []*Product, hasMore bool, total int, err error)
	// UpdateProduct replaces a stored service. NotFound when it does not
	// exist or was deleted; AlreadyExists when its new SKU is taken.
	UpdateProduct(ctx context.Context, p *Product, events ...*Event) error
	// DeleteProduct soft-deletes a service. NotFound when it does not exist
	// or was already deleted.
	DeleteProduct(ctx context.Context, team TeamID, livemode bool, id string, at time.Time, events ...*Event) error

	// ReplaceCatalog replaces every entry of an imported catalog in one
	// transaction: readers see the old rows or the new ones, never a mix.
	ReplaceCatalog(ctx context.Context, name string, entries []CatalogEntry, at time.Time) error
	// FindCatalogInfos lists the imported catalogs, sorted by name.
	FindCatalogInfos(ctx context.Context) ([]CatalogInfo, error)
	// FindCatalogEntries returns one page of a catalog's entries in code
	// order. An unknown catalog has no entries.
	FindCatalogEntries(ctx context.Context, f CatalogEntryFilter) (entries []*CatalogEntry, hasMore bool, total int, err error)
	// CatalogCodes returns every code of an imported catalog (nil when it
	// was never imported).
	CatalogCodes(ctx context.Context, name string) ([]string, error)
	// UpdateTeam stores every field of an existing team except its id,
	// parent, sandbox flag and creation time. NotFound if it does not exist
	// or was deleted.
	UpdateTeam(ctx context.Context, t *Team, events ...*Event) error
	// DeleteTeam soft-deletes a team: FindTeamByID and FindTeams no longer
	// see it. NotFound if it does not exist or was already deleted.
	DeleteTeam(ctx context.Context, id TeamID, at time.Time, events ...*Event) error
	// PutTeamCSD stores a team's CSD for one mode, replacing the previous one.
	// NotFound if the team does not exist.
	PutTeamCSD(ctx context.Context, c *TeamCSD, events ...*Event) error
	// FindTeamCSD returns a team's CSD for one mode, or NotFound.
	FindTeamCSD(ctx context.Context, team TeamID, livemode bool) (*TeamCSD, error)

	// CreateUser stores a new user and, when m is not nil, its membership.
	// AlreadyExists when the e-mail is taken (compared lower-case).
	CreateUser(ctx context.Context, u *User, m *Member, events ...*Event) error
	// FindUserByID returns a user or NotFound.
	FindUserByID(ctx context.Context, id UserID) (*User, error)
	// UpdateUser stores every field of an existing user except id, creator
	// and creation time. NotFound; AlreadyExists when the e-mail is taken.
	UpdateUser(ctx context.Context, u *User, events ...*Event) error
	// DeleteUser removes a user and its memberships, and clears it as any
	// team's owner. NotFound if it does not exist.
	DeleteUser(ctx context.Context, id UserID, events ...*Event) error
	// FindUsers returns one page of users matching the filter, whether more
	// follow, and how many match in total.
	FindUsers(ctx context.Context, f UserFilter) (users []*User, hasMore bool, total int, err error)
	// PutMembers adds or updates the memberships put and deletes those of the
	// users in remove, all of one team, in one transaction. NotFound when a
	// user does not exist.
	PutMembers(ctx context.Context, team TeamID, put []*Member, remove []UserID, events ...*Event) error
	// FindMembers returns every member of a team, oldest first, with its
	// e-mail.
	FindMembers(ctx context.Context, team TeamID) ([]*Member, error)

	// CreateSeries stores a new series. AlreadyExists when the team has one
	// of that name.
	CreateSeries(ctx context.Context, s *Series) error
	// UpdateSeries stores the counters of an existing series. NotFound.
	UpdateSeries(ctx context.Context, s *Series) error
	// FindSeries returns every series of a team, oldest first.
	FindSeries(ctx context.Context, team TeamID) ([]*Series, error)

	// FindTeamSettings returns a team's settings as stored (a JSON object),
	// or nil when none were ever stored.
	FindTeamSettings(ctx context.Context, team TeamID) ([]byte, error)
	// PutTeamSettings replaces a team's settings. NotFound if the team does
	// not exist.
	PutTeamSettings(ctx context.Context, team TeamID, settings []byte, events ...*Event) error
	// CreateWebhook stores a new subscription. NotFound if the team does not exist.
	CreateWebhook(ctx context.Context, w *Webhook) error
	// FindWebhookByID returns a webhook of the team and mode, or NotFound.
	FindWebhookByID(ctx context.Context, team TeamID, livemode bool, id string) (*Webhook, error)
	// FindWebhooks returns one page of webhooks matching the filter, whether
	// more follow, and how many match in total.
	FindWebhooks(ctx context.Context, f WebhookFilter) (webhooks []*Webhook, hasMore bool, total int, err error)
	// UpdateWebhook writes every field of a stored webhook. NotFound if it
	// does not exist in its team and mode.
	UpdateWebhook(ctx context.Context, w *Webhook) error
	// DeleteWebhook removes a webhook and its deliveries. NotFound if none.
	DeleteWebhook(ctx context.Context, team TeamID, livemode bool, id string) error
	// DisableWebhook sets a webhook inactive and fails its pending
	// deliveries with the given error text (a 410 answer). NotFound if none.
	DisableWebhook(ctx context.Context, team TeamID, livemode bool, id string, reason string, at time.Time) error

	// CreateDeliveries stores new deliveries (a replay). AlreadyExists on a
	// duplicate id; NotFound if the webhook or the event does not exist.
	CreateDeliveries(ctx context.Context, ds ...*WebhookDelivery) error
	// FindDeliveryByID returns a delivery of the team and mode, or NotFound.
	FindDeliveryByID(ctx context.Context, team TeamID, livemode bool, id string) (*WebhookDelivery, error)
	// FindDeliveries returns one page of a webhook's deliveries matching the
	// filter, whether more follow, and how many match in total.
	FindDeliveries(ctx context.Context, f DeliveryFilter) (ds []*WebhookDelivery, hasMore bool, total int, err error)
	// ClaimDeliveries takes up to limit pending deliveries due at now: it
	// claims their JobDelivery (ClaimJobs) and returns each delivery with
	// Lease set to the claim's end, so no other worker (in this process or
	// another replica) claims them before the lease ends. A claimed delivery
	// whose worker dies is claimed again after the lease.
	ClaimDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*WebhookDelivery, error)
	// QueueStats returns, for each kind of job (JobKinds), how many open
	// jobs wait and since when the longest due one is due.
	QueueStats(ctx context.Context) ([]QueueStat, error)
	// UpdateDeliveries writes the mutable fields of deliveries (status,
	// attempts, times, response, payload, history) in one transaction.
	// Deliveries that no longer exist (their webhook was deleted), and
	// leased ones whose job is no longer held by their Lease (the claim was
	// overtaken), are skipped. Each delivery's job is written with it.
	UpdateDeliveries(ctx context.Context, ds ...*WebhookDelivery) error
	// ReserveFolio gives the next folio of a series for one mode: the
	// smallest folio of that series and mode whose reservation ended (given
	// back by ReleaseFolio, or never used by a process that died), else the
	// series' counter, which then advances. It creates the series with
	// newSeriesID and both counters at 1 when the team has none of that name.
	// The folio stays reserved until `until`; CreateInvoice with it ends the
	// reservation. Concurrent callers, in this process or another replica,
	// never get the same folio.
	// owner is the Process that holds the reservation ("" for none): when it
	// dies, ReleaseFoliosOf hands its reservations back at once.
	ReserveFolio(ctx context.Context, team TeamID, livemode bool, series, newSeriesID, owner string, now, until time.Time) (int64, error)
	// ReleaseFolio gives a folio c.Owner reserved back at once (the document
	// was refused), so the next ReserveFolio of that series and mode takes
	// it; one no longer reserved by c.Owner is left alone.
	ReleaseFolio(ctx context.Context, c FolioClaim) error
	// ReturnFolio gives back a folio whose reservation already ended, which
	// a stored invoice held and gave up (a pending invoice the provider
	// refused went back to draft): the next ReserveFolio of its series and
	// mode takes it. A folio reserved or held by an invoice is left alone.
	ReturnFolio(ctx context.Context, c FolioClaim) error

	// CreateInvoice stores a new invoice with its events, ends the
	// reservation of its folio, and writes what with holds (nil: nothing
	// more) in the same transaction. AlreadyExists when the id, the UUID, or
	// (for a non-draft) the series, folio and mode are taken.
	CreateInvoice(ctx context.Context, inv *Invoice, with *InvoiceWrites, events ...*Event) error
	// ImportInvoices stores invoices issued elsewhere or made for a
	// benchmark, in one transaction, without events. AlreadyExists on a
	// duplicate id, UUID or folio; NotFound when a team does not exist.
	ImportInvoices(ctx context.Context, invs []*Invoice) error
	// FindInvoice returns an invoice of the team and mode by its invoice_ id
	// or its UUID in any letter case, or NotFound.
	FindInvoice(ctx context.Context, team TeamID, livemode bool, idOrUUID string) (*Invoice, error)
	// FindInvoices returns one page of invoices matching the filter, whether
	// more follow, and how many match in total.
	FindInvoices(ctx context.Context, f InvoiceFilter) (invs []*Invoice, hasMore bool, total int, err error)
	// UpdateInvoice writes every field of a stored invoice but its id, team,
	// mode and creation time, only when its stored status is still prev:
	// NotFound when it does not exist, Conflict when its status changed.
	// Writing an invoice (CreateInvoice, UpdateInvoice)
	// writes its JobInvoice in the same transaction: open and due at its
	// NextStampAt while it has one (a claim on it stays), deleted otherwise; and the write that
	// stamps an invoice with SendEmail (stored with its UUID, or a pending
	// or draft one given it) opens its JobEmail, due at once.
	UpdateInvoice(ctx context.Context, inv *Invoice, prev InvoiceStatus, events ...*Event) error
	// DeleteDraft removes a draft. NotFound when there is no such draft.
	DeleteDraft(ctx context.Context, team TeamID, livemode bool, id string, events ...*Event) error

	// CreateReceipt stores a new receipt with what its request creates (cr,
	// nil: nothing) and its events. AlreadyExists on a duplicate id;
	// NotFound if the team does not exist.
	CreateReceipt(ctx context.Context, r *Receipt, cr *Creations, events ...*Event) error
	// FindReceiptByID returns a receipt of the team and mode, or NotFound.
	FindReceiptByID(ctx context.Context, team TeamID, livemode bool, id string) (*Receipt, error)
	// FindReceipts returns one page of receipts matching the filter, whether
	// more follow, and how many match in total.
	FindReceipts(ctx context.Context, f ReceiptFilter) (rs []*Receipt, hasMore bool, total int, err error)
	// UpdateReceipt writes the mutable fields of a receipt (an update or a
	// cancellation) only while it is stored pending and no claim on it is
	// live at now: NotFound when it does not exist, NotAllowed when it is
	// no longer pending, Conflict when it is claimed. What its request
	// creates (cr, nil: nothing) is stored in the same transaction.
	UpdateReceipt(ctx context.Context, r *Receipt, now time.Time, cr *Creations, events ...*Event) error
	// ClaimReceipt leases a pending receipt to holder (the invoice_ id that
	// will take it) until `until`, when no other claim is live at now. It
	// returns the receipt as claimed. NotFound; NotAllowed when it is not
	// pending; Conflict when another claim is live.
	ClaimReceipt(ctx context.Context, team TeamID, livemode bool, id, holder string, now, until time.Time) (*Receipt, error)
	// ClaimPeriodReceipts leases to holder, until `until`, every pending
	// receipt of the team and mode whose valid_until lies in [from, to] and
	// that no other claim holds at now, and returns them oldest first.
	ClaimPeriodReceipts(ctx context.Context, team TeamID, livemode bool, from, to time.Time, holder string, now, until time.Time) ([]*Receipt, error)
	// ReleaseReceipts ends holder's claim on receipts (the attempt stored
	// nothing), so they can be claimed again at once.
	ReleaseReceipts(ctx context.Context, team TeamID, livemode bool, holder string, ids ...string) error
	// FindExpiredReceipts returns up to limit pending, unclaimed receipts of
	// every team whose valid_until is before `before`, in valid_until and id
	// order, starting after the receipt `after` (nil: from the first).
	FindExpiredReceipts(ctx context.Context, before time.Time, after *Receipt, limit int) ([]*Receipt, error)
	// ClaimGlobalRun creates the run of a team, mode, periodicity and
	// period start when none exists, and leases it to run.Holder until
	// `until` when no other claim is live at now. It returns the stored
	// run: Done when it was already made (nothing claimed). Conflict when
	// another claim is live.
	ClaimGlobalRun(ctx context.Context, run *GlobalRun, now, until time.Time) (*GlobalRun, error)
	// FinishGlobalRun marks a run held by run.Holder done without an
	// invoice (its period had no pending receipt). Conflict when the claim
	// was lost.
	FinishGlobalRun(ctx context.Context, run *GlobalRun) error
	// CreatePayment stores a new payment with what with holds (nil:
	// nothing more) and its events, in one transaction. AlreadyExists when
	// the id is taken; NotFound when the team does not exist.
	CreatePayment(ctx context.Context, p *Payment, with *PaymentWrites, events ...*Event) error
	// ImportPayments stores payments recorded elsewhere or made for a
	// benchmark, in one transaction, without jobs or events.
	ImportPayments(ctx context.Context, ps []*Payment) error
	// FindPaymentByID returns a payment of the team and mode, or NotFound.
	FindPaymentByID(ctx context.Context, team TeamID, livemode bool, id string) (*Payment, error)
	// FindPayments returns one page of payments matching the filter, whether
	// more follow, and how many match in total.
	FindPayments(ctx context.Context, f PaymentFilter) (ps []*Payment, hasMore bool, total int, err error)
	// UpdatePayment writes every mutable field of a stored payment whose
	// stored Version is still p.Version, and then increments p.Version; in
	// the same transaction it inserts the jobs that are new and writes the
	// others (by id), and records the events. NotFound when the payment does
	// not exist, Conflict when it changed meanwhile (nothing is written).
	UpdatePayment(ctx context.Context, p *Payment, with *PaymentWrites, events ...*Event) error
	// UpdateJob writes a job's due time, attempts, last error and done time
	// and ends its claim, only while the claim that returned it (j.Lease)
	// still holds it. NotFound when it does not exist; Conflict when the
	// claim was lost (nothing is written).
	UpdateJob(ctx context.Context, j *Job) error
	// ReleaseJob ends the claim that returned j before its lease ends (the
	// job may be claimed again at once), if that claim still holds it.
	// NotFound when it does not exist; Conflict when the claim was lost.
	ReleaseJob(ctx context.Context, j *Job) error
	// ClaimJob takes one open job that is due at now and that no live claim
	// holds, until now+lease (Job.Lease). NotFound when there is no such
	// job.
	ClaimJob(ctx context.Context, id string, now time.Time, lease time.Duration) (*Job, error)
	// ClaimJobs takes up to limit open jobs of the kinds due at now that no
	// live claim holds, of every team, until now+lease (Job.Lease), so no
	// other worker (in this process or another replica) claims them before
	// the lease ends. They come oldest first.
	ClaimJobs(ctx context.Context, now time.Time, lease time.Duration, limit int, kinds ...string) ([]*Job, error)
	// FindJobs returns every job working on ref (a payment, an invoice) in
	// the team and mode, oldest first.
	FindJobs(ctx context.Context, team TeamID, livemode bool, ref string) ([]*Job, error)
	// PutTeamStripe stores a team's Stripe connection for one mode,
	// replacing the previous one. NotFound if the team does not exist.
	PutTeamStripe(ctx context.Context, c *TeamStripe, events ...*Event) error
	// FindTeamStripe returns a team's Stripe connection, or NotFound.
	FindTeamStripe(ctx context.Context, team TeamID, livemode bool) (*TeamStripe, error)
}
