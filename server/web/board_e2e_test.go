package web_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"motcua/server/contract"
	"motcua/server/servertest"
)

// otherQueueCode is a procedure of a queue that counter mine does not
// serve, and a counter that serves that queue but not mine's queue: a call
// the board for counter mine must ignore.
func otherQueueCode(t *testing.T, srv *servertest.Server, mine int, myPrefix string) (string, contract.Queue, int) {
	t.Helper()
	cat := srv.Engine.Catalogue()
	busy := cat.CountersFor(myPrefix)
	for _, q := range cat.Queues {
		ks := cat.CountersFor(q.Prefix)
		if len(q.Procedures) == 0 || slices.Contains(ks, mine) {
			continue
		}
		for _, k := range ks {
			if !slices.Contains(busy, k) {
				return q.Procedures[0], q, k
			}
		}
	}
	t.Fatalf("every queue shares a counter with counter %d", mine)
	return "", contract.Queue{}, 0
}

// TestBrowserBoardCountersFilter opens the web board for part of the hall
// (?counters=N, like the appliance's --counters): it shows and reads aloud
// a call at its counter, and neither shows nor reads a call at a counter
// of another queue, nor that queue's line. A range (?counters=1-3) and bad
// input are checked too.
func TestBrowserBoardCountersFilter(t *testing.T) {
	srv := servertest.New(t)
	ctx := newChrome(t, 1920, 1080)
	bg := context.Background()
	mine := counterFor(t, srv, birth)
	myQueue, _ := srv.Engine.Catalogue().QueueOf(birth)
	code, other, elsewhere := otherQueueCode(t, srv, mine, myQueue.Prefix)

	theirs, err := srv.Kiosk().Issue(bg, code, "")
	if err != nil {
		t.Fatal(err)
	}
	ours, err := srv.Kiosk().Issue(bg, birth, "")
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "open board", chromedp.Navigate(fmt.Sprintf("%s/board?token=%s&counters=%d", srv.URL, srv.DisplayToken, mine)),
		chromedp.WaitVisible(chromedp.CSS(".b-counter")), waitText("#b-queues", myQueue.Prefix+" –"))

	// The other counter's call comes first: once ours is shown, the board
	// has handled both events, in order.
	if _, err := srv.Staff().CallNext(bg, elsewhere); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Staff().CallNext(bg, mine); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "own call shown", waitText("#b-calls li.newest", ours.Number), waitText("#b-counters", ours.Number))

	tiles := value(t, ctx, "tiles", chromedp.Evaluate[[]string](`[...document.querySelectorAll('.b-counter .b-cname')].map(e => e.firstChild.textContent)`))
	if want := []string{fmt.Sprintf("Quầy %d", mine)}; !slices.Equal(tiles, want) {
		t.Errorf("counter tiles %q, want %q", tiles, want)
	}
	page := value(t, ctx, "board text", chromedp.Evaluate[string](`document.querySelector('.board-grid').textContent`))
	if strings.Contains(page, theirs.Number) {
		t.Errorf("call %s at counter %d shown on the board for counter %d", theirs.Number, elsewhere, mine)
	}
	queues := value(t, ctx, "queues", chromedp.Evaluate[string](`document.querySelector('#b-queues').textContent`))
	if strings.Contains(queues, other.Prefix+" –") {
		t.Errorf("queue %s (counter %d) listed on the board for counter %d: %q", other.Prefix, elsewhere, mine, queues)
	}
	spoken := value(t, ctx, "spoken", chromedp.Evaluate[[]string](`window.motcuaSpoken`))
	want := "Xin mời công dân có số thứ tự a không không một đến quầy số " + readCounter(mine)
	if len(spoken) != 1 || spoken[0] != want {
		t.Errorf("announcements = %q, want only [%q]", spoken, want)
	}

	// A range that takes in both counters shows both calls.
	lo, hi := min(mine, elsewhere), max(mine, elsewhere)
	run(t, ctx, "range", chromedp.Navigate(fmt.Sprintf("%s/board?token=%s&counters=%d-%d", srv.URL, srv.DisplayToken, lo, hi)),
		waitText("#b-calls", ours.Number), waitText("#b-calls", theirs.Number))

	// Bad input says what is wrong instead of showing the whole hall.
	run(t, ctx, "bad counters", chromedp.Navigate(srv.URL+"/board?token="+srv.DisplayToken+"&counters=ba"),
		waitText("#b-ticker", "Danh sách quầy không hợp lệ"))
	if n := value(t, ctx, "tiles", chromedp.Evaluate[int](`document.querySelectorAll('.b-counter').length`)); n != 0 {
		t.Errorf("%d counter tiles shown for bad ?counters=ba", n)
	}
}
