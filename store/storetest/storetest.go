// Package storetest is the one behavioural suite that every sello.Store
// engine passes. An engine's test calls Run with a function that opens a
// fresh, empty, isolated store for each subtest:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) sello.Store { return openTemp(t) })
//	}
//
// Times given to the store have microsecond precision, the finest that
// PostgreSQL keeps; every engine must return them equal and in UTC.
package storetest

import (
	"crypto/sha256"
	"errors"
	"testing"
	"time"

	"github.com/sello-mx/sello"
)

// Run runs every behavioural test of sello.Store against stores made by
// open. Subtests run in parallel, each with its own store; open registers the
// store's cleanup with t.
func Run(t *testing.T, open func(t *testing.T) sello.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s sello.Store)
	}{
		{"Ping", testPing},
		{"Secret", testSecret},
		{"SecretGenerateFails", testSecretGenerateFails},
		{"SecretConcurrent", testSecretConcurrent},
		{"FindAndDeleteSecret", testFindAndDeleteSecret},
		{"Team", testTeam},
		{"TeamErrors", testTeamErrors},
		{"CountTeams", testCountTeams},
		{"APIKey", testAPIKey},
		{"APIKeyErrors", testAPIKeyErrors},
		{"RevokeAPIKey", testRevokeAPIKey},
		{"IdempotencyLifecycle", testIdempotencyLifecycle},
		{"IdempotencyScope", testIdempotencyScope},
		{"IdempotencyPurge", testIdempotencyPurge},
		{"IdempotencyConcurrent", testIdempotencyConcurrent},
		{"Processes", testProcesses},
		{"Issuing", testIssuing},
		{"FindTeamsContent", testFindTeamsContent},
		{"FindTeamsPaging", testFindTeamsPaging},
		{"FindTeamsDefaults", testFindTeamsDefaults},
		{"FindTeamsInvalid", testFindTeamsInvalid},
		{"Events", testEvents},
		{"Clients", testClients},
		{"FindClients", testFindClients},
		{"Products", testProducts},
		{"FindProducts", testFindProducts},
		{"Catalogs", testCatalogs},
		{"TeamProfile", testTeamProfile},
		{"DeleteTeam", testDeleteTeam},
		{"TeamCSD", testTeamCSD},
		{"UsersAndMembers", testUsersAndMembers},
		{"SeriesAndSettings", testSeriesAndSettings},
		{"Webhook", testWebhook},
		{"WebhookFanOut", testWebhookFanOut},
		{"QueueStats", testQueueStats},
		{"DeliveryNotify", testDeliveryNotify},
		{"DeliveryClaim", testDeliveryClaim},
		{"DeliveryClaimConcurrent", testDeliveryClaimConcurrent},
		{"DeliveryCreate", testDeliveryCreate},
		{"InvoiceRoundTrip", testInvoiceRoundTrip},
		{"InvoiceBodies", testInvoiceBodies},
		{"ImportInvoices", testImportInvoices},
		{"InvoiceErrors", testInvoiceErrors},
		{"UpdateInvoice", testUpdateInvoice},
		{"CreateInvoiceTouched", testCreateInvoiceTouched},
		{"Creations", testCreations},
		{"FindInvoices", testFindInvoices},
		{"InvoiceCountsAndMetadata", testInvoiceCountsAndMetadata},
		{"InvoiceCountsExact", testInvoiceCountsExact},
		{"ListCountsExact", testListCountsExact},
		{"ResourceCountsExact", testResourceCountsExact},
		{"MetadataPairsExact", testMetadataPairsExact},
		{"Folios", testFolios},
		{"FoliosConcurrent", testFoliosConcurrent},
		{"FoliosReuseConcurrent", testFoliosReuseConcurrent},
		{"ClaimInvoiceWork", testClaimInvoiceWork},
		{"ClaimInvoiceWorkConcurrent", testClaimInvoiceWorkConcurrent},
		{"EmailJob", testEmailJob},
		{"CatalogSearch", testCatalogSearch},
		{"ClientSearch", testClientSearch},
		{"ClientSearchMany", testClientSearchMany},
		{"Receipts", testReceipts},
		{"ReceiptClaims", testReceiptClaims},
		{"ReceiptClaimConcurrent", testReceiptClaimConcurrent},
		{"GlobalRun", testGlobalRun},
		{"PaymentRoundTrip", testPaymentRoundTrip},
		{"UpdatePayment", testUpdatePayment},
		{"FindPayments", testFindPayments},
		{"PaymentJobs", testPaymentJobs},
		{"PaymentJobsClaimConcurrent", testPaymentJobsClaimConcurrent},
		{"TeamStripe", testTeamStripe},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.fn(t, open(t))
		})
	}
}

// t0 is the base time of the fixtures.
var t0 = time.Date(2026, 3, 1, 12, 0, 0, 123456000, time.UTC)

// newTeam returns a valid team created at the given time.
func newTeam(id sello.TeamID, parent sello.TeamID, legalName string, at time.Time) *sello.Team {
	return &sello.Team{
		ID:        id,
		ParentID:  parent,
		Name:      "Alias " + legalName,
		LegalName: legalName,
		TaxID:     "EKU9003173C9",
		TaxSystem: "601",
		Zip:       "06600",
		CreatedAt: at,
		UpdatedAt: at.Add(time.Second),
	}
}

// newKey returns an active test-mode key of team.
func newKey(id string, team sello.TeamID, at time.Time) *sello.APIKey {
	h := sha256.Sum256([]byte("key text of " + id))
	return &sello.APIKey{ID: id, TeamID: team, Hash: h[:], CreatedAt: at}
}

func mustCreateTeam(t *testing.T, s sello.Store, team *sello.Team) {
	t.Helper()
	if err := s.CreateTeam(t.Context(), team); err != nil {
		t.Fatalf("CreateTeam(%s) = %v", team.ID, err)
	}
}

// wantCode fails unless err is a *sello.Error with the given code.
func wantCode(t *testing.T, call string, err error, want sello.Code) {
	t.Helper()
	var e *sello.Error
	if !errors.As(err, &e) {
		t.Errorf("%s = %v, want a *sello.Error with code %s", call, err, want)
		return
	}
	if e.Code != want {
		t.Errorf("%s = %v (code %s), want code %s", call, err, e.Code, want)
	}
}

func testPing(t *testing.T, s sello.Store) {
	if err := s.Ping(t.Context()); err != nil {
		t.Errorf("Ping() = %v", err)
	}
}
