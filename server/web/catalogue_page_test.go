package web_test

import (
	"html"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"motcua/server/catalogue"
	"motcua/server/contract"
	"motcua/server/servertest"
)

// TestCataloguePageListsAmountsToEnter: the admin's catalogue page lists
// first the council amounts still to enter today (the kiosk sends citizens
// to the counter for them), each with its procedure and the resolution to
// check; a rule of one that has ended is not listed.
func TestCataloguePageListsAmountsToEnter(t *testing.T) {
	srv := servertest.New(t)
	admin := signedIn(t, srv, servertest.AdminUser, servertest.AdminPassword)
	status, body, _ := admin.get("/admin/catalogue")
	if status != http.StatusOK {
		t.Fatalf("GET /admin/catalogue: %d", status)
	}
	cat := catalogue.Default()
	day := contract.ServiceDay(srv.Clock.Now(), time.FixedZone("ICT", 7*3600))
	want := catalogue.Unconfirmed(cat, day)
	if len(want) == 0 {
		t.Skip("the default catalogue has no amount left to enter")
	}
	if !strings.Contains(body, "Mức thu cần nhập</span> ("+strconv.Itoa(len(want))+")") {
		t.Errorf("the page does not head the %d amounts to enter", len(want))
	}
	for _, p := range want {
		if !strings.Contains(body, html.EscapeString(p.Message)) {
			t.Errorf("the page lacks %q", p.Message)
		}
	}
}
