package server_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"motcua/server/servertest"
)

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestPublicPages: the landing page shows the centre, its lines and its
// catalogue; a ticket's QR page shows its number and live position and
// follows it through a transfer; an unknown ticket gets a friendly page.
func TestPublicPages(t *testing.T) {
	srv := servertest.New(t)
	ctx := context.Background()
	tk, err := srv.Kiosk().Issue(ctx, "2.000884", "")
	if err != nil {
		t.Fatal(err)
	}
	status, body := get(t, srv.URL+"/")
	for _, want := range []string{"Trung tâm Phục vụ hành chính công phường Gia Viên", "25/11/2026", "2.000815", "Chứng thực"} {
		if status != 200 || !strings.Contains(body, want) {
			t.Fatalf("home page (%d) lacks %q", status, want)
		}
	}
	status, body = get(t, srv.URL+"/t/"+tk.ID)
	if status != 200 || !strings.Contains(body, tk.Number) || !strings.Contains(body, "Đang chờ") || !strings.Contains(body, `http-equiv="refresh"`) {
		t.Fatalf("ticket page (%d): %s", status, body)
	}
	staff := srv.Staff()
	cat := srv.Engine.Catalogue()
	q, _ := cat.QueueOf("2.000884")
	n := cat.CountersFor(q.Prefix)[0]
	staff.CallNext(ctx, n)
	if _, body = get(t, srv.URL+"/t/"+tk.ID); !strings.Contains(body, "mời đến quầy") {
		t.Fatalf("called ticket page does not send the citizen to the counter: %s", body)
	}
	status, body = get(t, srv.URL+"/t/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
	if status != 404 || strings.Contains(body, "<script>") || !strings.Contains(body, "Không tìm thấy") {
		t.Fatalf("unknown ticket page (%d): %s", status, body)
	}
}

// post sends a form to url and returns the status and the page.
func post(t *testing.T, target string, form url.Values) (int, string) {
	t.Helper()
	resp, err := http.PostForm(target, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestRateFromTheQRPage: the citizen who holds the ticket rates it from
// its QR page once it is served, without a kiosk or a code: the id in the
// address is the proof. A bare "not satisfied" needs a reason; a second
// rating is refused; a number in place of the id finds nothing.
func TestRateFromTheQRPage(t *testing.T) {
	srv := servertest.New(t)
	ctx := context.Background()
	tk, err := srv.Kiosk().Issue(ctx, "2.000884", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, body := get(t, srv.URL+"/t/"+tk.ID); strings.Contains(body, `action="/t/`) {
		t.Fatal("the rating form is offered before the service")
	}
	if status, _ := post(t, srv.URL+"/t/"+tk.ID+"/rate", url.Values{"score": {"3"}}); status != http.StatusConflict {
		t.Fatalf("rating a waiting ticket: %d", status)
	}
	cat := srv.Engine.Catalogue()
	q, _ := cat.QueueOf("2.000884")
	n := cat.CountersFor(q.Prefix)[0]
	staff := srv.Staff()
	staff.CallNext(ctx, n)
	staff.Finish(ctx, n)
	if _, body := get(t, srv.URL+"/t/"+tk.ID); !strings.Contains(body, `action="/t/`+tk.ID+`/rate"`) {
		t.Fatalf("no rating form on the served ticket's page: %s", body)
	}
	if status, body := post(t, srv.URL+"/t/"+tk.ID+"/rate", url.Values{"score": {"1"}}); status != http.StatusBadRequest || !strings.Contains(body, "lý do") {
		t.Fatalf("not satisfied without a reason: %d", status)
	}
	if status, _ := post(t, srv.URL+"/t/"+tk.Number+"/rate", url.Values{"score": {"3"}}); status != http.StatusNotFound {
		t.Fatalf("rating by number on the QR route: %d", status)
	}
	status, body := post(t, srv.URL+"/t/"+tk.ID+"/rate", url.Values{"score": {"1"}, "reason": {"Chờ lâu"}})
	if status != http.StatusCreated || !strings.Contains(body, "Cảm ơn") || strings.Contains(body, `action="/t/`) {
		t.Fatalf("rating: %d %s", status, body)
	}
	if status, _ := post(t, srv.URL+"/t/"+tk.ID+"/rate", url.Values{"score": {"3"}}); status != http.StatusConflict {
		t.Fatalf("second rating: %d", status)
	}
	ratings, err := srv.Engine.Today(ctx)
	if err != nil || ratings.Total.Ratings != 1 {
		t.Fatalf("ratings today: %+v %v", ratings.Total, err)
	}
}
