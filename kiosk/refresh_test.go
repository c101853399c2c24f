package kiosk

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"motcua/server/client"
	"motcua/server/contract"
	"motcua/server/servertest"
)

// putCatalogue replaces the server's catalogue the way the admin page does:
// PUT /api/v1/catalogue with an admin session's bearer token (the Go
// client has no call for it, the kiosk never needs one).
func putCatalogue(t *testing.T, srv *servertest.Server, cat contract.Catalogue) {
	t.Helper()
	ctx := context.Background()
	anon, err := client.New(srv.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	sess, err := anon.Login(ctx, servertest.AdminUser, servertest.AdminPassword)
	if err != nil {
		t.Fatal(err)
	}
	body, err := json.Marshal(cat)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, srv.URL+contract.APIPrefix+"/catalogue", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+sess.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("PUT catalogue: %s", resp.Status)
	}
}

// flatFee finds a procedure with a flat fee of a known amount, and the
// index of that fee.
func flatFee(t *testing.T, cat contract.Catalogue) (int, int) {
	t.Helper()
	for i, p := range cat.Procedures {
		for j, f := range p.Fees {
			if f.Kind == contract.FeeFlat && f.Amount > 0 {
				return i, j
			}
		}
	}
	t.Fatal("no procedure with a flat fee in the default catalogue")
	return 0, 0
}

// TestCatalogueChangeRefreshesDetail: an administrator changes a fee and a
// procedure's name while a citizen reads that procedure; the detail screen
// shows the new values without a restart, and so does the field list.
func TestCatalogueChangeRefreshesDetail(t *testing.T) {
	srv := servertest.New(t)
	k := startKiosk(t, srv, Options{})
	ctx := context.Background()
	cat, err := srv.Admin().Catalogue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	i, j := flatFee(t, cat)
	p := cat.Procedures[i]
	field := ""
	for _, f := range cat.Fields {
		if f.ID == p.Field {
			field = f.Name.VI
		}
	}
	oldAmount := contract.FormatVND(p.Fees[j].Amount)

	tapText(t, k, field)
	waitScreen(t, k, ScreenField)
	tapText(t, k, p.Short().VI)
	waitScreen(t, k, ScreenDetail)
	waitShows(t, k, oldAmount)

	newName, newShort := p.Name.VI+" (đã sửa đổi)", p.Short().VI+" (đã sửa đổi)"
	cat.Procedures[i].Name.VI = newName
	cat.Procedures[i].ShortName.VI = newShort
	cat.Procedures[i].Fees[j].Amount = 123000
	putCatalogue(t, srv, cat)

	waitShows(t, k, "123.000 đ")
	waitShows(t, k, newName)
	k.Do(func() {
		if k.screen != ScreenDetail {
			t.Errorf("citizen moved off the detail screen to %q", k.screen)
		}
		if shows(k, oldAmount) {
			t.Errorf("old fee %s still on screen", oldAmount)
		}
	})
	tapText(t, k, "‹  Quay lại") // back to the field list it was opened from, redrawn
	waitScreen(t, k, ScreenField)
	waitShows(t, k, newShort) // the field's tiles show the short name
}

// TestDateRollsOverAtMidnight: the top bar's date changes at midnight in
// Hải Phòng. The driven clock answers in UTC, so the test passes only if
// the kiosk converts to the centre's zone itself, whatever the host's TZ.
func TestDateRollsOverAtMidnight(t *testing.T) {
	srv := servertest.New(t)
	// The driven clock, in Unix nanoseconds: 23:59:58 ICT on Tuesday.
	var now atomic.Int64
	now.Store(time.Date(2026, 11, 24, 16, 59, 58, 0, time.UTC).UnixNano())
	k := startKiosk(t, srv, Options{Now: func() time.Time { return time.Unix(0, now.Load()).UTC() }})
	waitShows(t, k, "Thứ Ba, 24/11/2026")
	now.Add(int64(3 * time.Second)) // 00:00:01 ICT, still 24/11 in UTC
	waitShows(t, k, "Thứ Tư, 25/11/2026")
	k.Do(func() {
		if shows(k, "24/11/2026") {
			t.Error("yesterday's date still on screen")
		}
	})
	tapText(t, k, "English")
	waitShows(t, k, "Wednesday, 25/11/2026")
}

// TestDateFollowsServerClock: without Options.Now the date is the
// server's (a kiosk without a battery clock may boot in 1970), advanced
// by the time elapsed since it was read.
func TestDateFollowsServerClock(t *testing.T) {
	srv := servertest.New(t)
	srv.Clock.Set(time.Date(2026, 11, 24, 23, 59, 59, 500e6, servertest.Start.Location()))
	a := test.NewApp()
	w := test.NewWindow(nil)
	w.Resize(screenSize)
	k, err := New(a, w, Options{Client: srv.Kiosk()})
	if err != nil {
		t.Fatal(err)
	}
	k.Start()
	t.Cleanup(func() { k.Close(); a.Quit() })
	waitScreen(t, k, ScreenHome)
	k.Do(func() {
		// Loading may take longer than the half second left of the day.
		if !shows(k, "Thứ Ba, 24/11/2026") && !shows(k, "Thứ Tư, 25/11/2026") {
			t.Errorf("top bar shows %q, not the server's date", k.topDate)
		}
	})
	waitShows(t, k, "Thứ Tư, 25/11/2026")
}
