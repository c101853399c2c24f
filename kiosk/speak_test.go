package kiosk

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"motcua/kiosk/i18n"
	"motcua/kiosk/speech"
	"motcua/kiosk/touch"
	"motcua/server/contract"
	"motcua/server/servertest"
)

// fakeSpeaker records what the kiosk asks it to say. Each sentence "lasts"
// until its context ends, so a test sees exactly when speech is stopped.
type fakeSpeaker struct {
	mu      sync.Mutex
	events  []string // "say: …" when a sentence starts, "stop: …" when it ends
	live    int      // sentences sounding now
	overlap bool     // two sentences were ever sounding at once
}

func (f *fakeSpeaker) Speak(ctx context.Context, text string) error {
	f.mu.Lock()
	f.events = append(f.events, "say: "+text)
	f.live++
	f.overlap = f.overlap || f.live > 1
	f.mu.Unlock()
	<-ctx.Done()
	f.mu.Lock()
	f.events = append(f.events, "stop: "+text)
	f.live--
	f.mu.Unlock()
	return ctx.Err()
}

func (f *fakeSpeaker) log() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.events...)
}

// waitLog waits until the speaker has recorded want, in order.
func (f *fakeSpeaker) waitLog(t *testing.T, want ...string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if got := f.log(); fmt.Sprint(got) == fmt.Sprint(want) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("speaker heard\n %q\nwant\n %q", f.log(), want)
}

var speakVI = i18n.T(i18n.VI, "speak.button")

// TestReadAloudDetail taps "Đọc cho tôi nghe" on a detail screen: the
// speaker gets the procedure, its fee in words and the documents; a second
// tap starts again from the beginning without talking over the first; the
// English screen still speaks Vietnamese; leaving the screen stops it.
func TestReadAloudDetail(t *testing.T) {
	srv := servertest.New(t)
	voice := &fakeSpeaker{}
	k := startKiosk(t, srv, Options{Speaker: voice})
	tapText(t, k, "Chứng thực")
	tapText(t, k, "Chứng thực bản sao")
	waitScreen(t, k, ScreenDetail)
	var p contract.Procedure
	k.Do(func() { p = k.detail })
	want := speech.Detail(p)
	for _, part := range []string{"Chứng thực bản sao.", "hai nghìn đồng mỗi trang", "tối đa hai trăm nghìn đồng mỗi bản"} {
		if !strings.Contains(want, part) {
			t.Fatalf("detail sentence %q lacks %q", want, part)
		}
	}

	tapText(t, k, speakVI)
	voice.waitLog(t, "say: "+want)
	tapText(t, k, speakVI) // again: cut short, then from the start
	voice.waitLog(t, "say: "+want, "stop: "+want, "say: "+want)

	tapText(t, k, "English")
	waitShows(t, k, "Fees")
	tapText(t, k, i18n.T(i18n.EN, "speak.button"))
	voice.waitLog(t, "say: "+want, "stop: "+want, "say: "+want, "stop: "+want, "say: "+want)

	tapText(t, k, "‹  Back")
	waitScreen(t, k, ScreenField)
	voice.waitLog(t, "say: "+want, "stop: "+want, "say: "+want, "stop: "+want, "say: "+want, "stop: "+want)
	if voice.overlap {
		t.Error("two sentences sounded at once")
	}
}

// TestReadAloudTicketStopsAtHome reads the ticket screen aloud (number as
// the board reads it, priority, procedure, counters), and "Xong" ending the
// visit stops it.
func TestReadAloudTicketStopsAtHome(t *testing.T) {
	srv := servertest.New(t)
	voice := &fakeSpeaker{}
	k := startKiosk(t, srv, Options{Speaker: voice})
	tapText(t, k, "Chứng thực")
	tapText(t, k, "Chứng thực bản sao")
	waitScreen(t, k, ScreenDetail)
	tapText(t, k, "Lấy số thứ tự")
	tapText(t, k, "Người cao tuổi")
	waitScreen(t, k, ScreenTicket)
	tk := *k.Ticket()
	var want string
	k.Do(func() {
		p, _ := k.cat.Procedure(tk.Procedure)
		want = speech.Ticket(tk, p, k.cat.CountersFor(tk.Queue))
	})
	for _, part := range []string{
		"Số thứ tự của Ông Bà là " + speech.Reader.ReadTicket(tk.Number) + ".",
		"Phiếu ưu tiên: Người cao tuổi.", "Thủ tục: Chứng thực bản sao.", "Mời Ông Bà chờ gọi đến quầy số ",
	} {
		if !strings.Contains(want, part) {
			t.Fatalf("ticket sentence %q lacks %q", want, part)
		}
	}

	tapText(t, k, speakVI)
	voice.waitLog(t, "say: "+want)
	tapText(t, k, "Xong")
	waitScreen(t, k, ScreenHome)
	voice.waitLog(t, "say: "+want, "stop: "+want)
}

// TestReadAloudStopsWhenIdle: a visit ended by the idle timer stops the
// speech too, and closing the kiosk ends a sentence still sounding.
func TestReadAloudStopsWhenIdle(t *testing.T) {
	srv := servertest.New(t)
	voice := &fakeSpeaker{}
	k := startKiosk(t, srv, Options{Speaker: voice, Idle: time.Hour})
	tapText(t, k, "Lấy số thứ tự")
	tapText(t, k, "Không – lấy số thường")
	waitScreen(t, k, ScreenTicket)
	tapText(t, k, speakVI)
	waitFor(t, k, "speech", func() bool { return len(voice.log()) == 1 })
	said := strings.TrimPrefix(voice.log()[0], "say: ")
	k.Do(func() { k.touched = time.Now().Add(-2 * time.Hour) })
	waitScreen(t, k, ScreenHome)
	voice.waitLog(t, "say: "+said, "stop: "+said)

	tapText(t, k, "Hộ tịch")
	tapText(t, k, "Đăng ký khai sinh")
	waitScreen(t, k, ScreenDetail)
	tapText(t, k, speakVI)
	waitFor(t, k, "speech", func() bool { return len(voice.log()) == 3 })
	k.Close() // returns only once the sentence has stopped
	if got := voice.log(); len(got) != 4 || !strings.HasPrefix(got[3], "stop: Đăng ký khai sinh.") {
		t.Errorf("after Close the speaker heard %q", got)
	}
}

// TestNoVoiceNoButton: without a Speaker (no espeak-ng, no sound card, or
// turned off) neither screen offers a button that could not speak.
func TestNoVoiceNoButton(t *testing.T) {
	srv := servertest.New(t)
	k := startKiosk(t, srv, Options{})
	tapText(t, k, "Lấy số thứ tự")
	tapText(t, k, "Không – lấy số thường")
	waitScreen(t, k, ScreenTicket)
	k.Do(func() {
		if shows(k, speakVI) {
			t.Error("the ticket screen offers reading aloud without a voice")
		}
	})
	tapText(t, k, "Xong")
	tapText(t, k, "Hộ tịch")
	tapText(t, k, "Đăng ký khai sinh")
	waitScreen(t, k, ScreenDetail)
	k.Do(func() {
		if shows(k, speakVI) {
			t.Error("the detail screen offers reading aloud without a voice")
		}
	})
}

// TestSpeakButtonInView: on the kiosk's three screen shapes the button
// sits in the bottom row beside the screen's way out ("Quay lại", "Xong"),
// the same height, so it adds nothing to the screen's height; it is as
// large as any touch target; and wherever the screen fits its window it is
// whole inside it, without scrolling.
func TestSpeakButtonInView(t *testing.T) {
	srv := servertest.New(t)
	k := startKiosk(t, srv, Options{Speaker: &fakeSpeaker{}})
	for _, size := range []fyne.Size{{Width: 1920, Height: 1080}, {Width: 1366, Height: 768}, {Width: 1080, Height: 1920}} {
		k.Do(func() { k.win.Resize(size) })
		tapText(t, k, "Hộ tịch")
		tapText(t, k, "Đăng ký khai sinh")
		waitScreen(t, k, ScreenDetail)
		checkInView(t, k, size, "‹  Quay lại")
		tapText(t, k, "Lấy số thứ tự")
		tapText(t, k, "Không – lấy số thường")
		waitScreen(t, k, ScreenTicket)
		checkInView(t, k, size, "Xong")
		tapText(t, k, "Xong")
		waitScreen(t, k, ScreenHome)
	}
}

func checkInView(t *testing.T, k *Kiosk, size fyne.Size, beside string) {
	t.Helper()
	k.Do(func() {
		tiles := map[string]*touch.Tile{}
		for _, o := range objects(k) {
			if tile, ok := o.(*touch.Tile); ok && tile.Visible() {
				tiles[tile.Title] = tile
			}
		}
		speak, exit := tiles[speakVI], tiles[beside]
		if speak == nil || exit == nil {
			t.Errorf("%v %s: speak button %v, %q %v", size, k.screen, speak != nil, beside, exit != nil)
			return
		}
		abs := fyne.CurrentApp().Driver().AbsolutePositionForObject
		pos, end := abs(speak), abs(speak).Add(speak.Size())
		if pos.Y != abs(exit).Y || speak.Size().Height != exit.Size().Height {
			t.Errorf("%v %s: speak button at %v %v, not in the row of %q at %v %v", size, k.screen, pos, speak.Size(), beside, abs(exit), exit.Size())
		}
		if s := speak.Size(); s.Width < 2*touch.MinTarget || s.Height < touch.MinTarget {
			t.Errorf("%v %s: button %v is too small for a finger", size, k.screen, s)
		}
		if need := k.win.Content().MinSize(); need.Height > size.Height || need.Width > size.Width {
			// The frame itself outgrows this window (another change fits the
			// screens to 1366×768); the button only follows the row it is in.
			t.Logf("%v %s: the screen needs %v, more than the window", size, k.screen, need)
			return
		}
		if pos.X < 0 || pos.Y < 0 || end.X > size.Width || end.Y > size.Height {
			t.Errorf("%v %s: button at %v–%v, outside the screen", size, k.screen, pos, end)
		}
	})
}
