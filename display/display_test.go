package display

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"motcua/display/announce"
	"motcua/display/board"
	"motcua/display/live"
	"motcua/server/client"
	"motcua/server/contract"
	"motcua/server/servertest"
)

// fakeSynth records the sentences asked for and returns a short clip.
type fakeSynth struct {
	mu    sync.Mutex
	texts []string
}

func (s *fakeSynth) Speak(ctx context.Context, text string) (announce.Clip, error) {
	s.mu.Lock()
	s.texts = append(s.texts, text)
	s.mu.Unlock()
	return announce.Clip{SampleRate: 16000, Channels: 1, Samples: make([]int16, 160)}, nil
}

func (s *fakeSynth) said() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.texts)
}

// fakePlayer counts plays, notes any overlap and when the first began.
type fakePlayer struct {
	mu      sync.Mutex
	playing bool
	overlap bool
	plays   int
	started []time.Time
	// onPlay, when set, is told when each play starts and its count.
	onPlay func(at time.Time, n int)
}

func (p *fakePlayer) Play(ctx context.Context, c announce.Clip) error {
	p.mu.Lock()
	p.overlap = p.overlap || p.playing
	p.playing = true
	p.plays++
	p.started = append(p.started, time.Now())
	n, hook := p.plays, p.onPlay
	p.mu.Unlock()
	if hook != nil {
		hook(time.Now(), n)
	}
	time.Sleep(time.Millisecond)
	p.mu.Lock()
	p.playing = false
	p.mu.Unlock()
	return nil
}

type rig struct {
	srv    *servertest.Server
	staff  *client.Client
	synth  *fakeSynth
	player *fakePlayer
	d      *Display
}

func newRig(t testing.TB) *rig {
	t.Helper()
	test.NewTempApp(t)
	r := &rig{srv: servertest.New(t), synth: &fakeSynth{}, player: &fakePlayer{}}
	r.staff = r.srv.Staff()
	ann, err := announce.New(announce.Config{Player: r.player, Synth: r.synth, Now: r.srv.Clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	r.d = New(Options{Source: r.srv.Display(), Announcer: ann, Now: r.srv.Clock.Now, Refresh: -1,
		Board: board.Options{Layout: board.Landscape}})
	return r
}

func (r *rig) run(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := r.d.Start(ctx)
	t.Cleanup(func() {
		cancel()
		<-done
		r.d.Announcer.Close(context.Background())
	})
	waitFor(t, "board connected", func() bool { b := r.d.Model.Board(); return b.Loaded && b.Connected })
}

func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// call issues a ticket for procedure and calls the next ticket at counter
// n, finishing what n served first.
func (r *rig) call(t testing.TB, procedure string, n int) contract.Ticket {
	t.Helper()
	ctx := context.Background()
	if _, err := r.srv.Kiosk().Issue(ctx, procedure, contract.PriorityNone); err != nil {
		t.Fatal(err)
	}
	tk, err := r.staff.CallNext(ctx, n)
	if client.Code(err) == contract.CodeCounterBusy {
		if _, err = r.staff.Finish(ctx, n); err == nil {
			tk, err = r.staff.CallNext(ctx, n)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

const template = "Xin mời công dân có số thứ tự {number} đến quầy số {counter}"

// counterProcedures are procedures whose queue counters 1–5 serve (outside
// the Wednesday fast lane).
var counterProcedures = map[int]string{1: "1.001193", 2: "2.000884", 3: "1.013978", 4: "1.001612", 5: "1.001776"}

func TestBurstOfTenAnnouncedInOrder(t *testing.T) {
	r := newRig(t)
	r.run(t)
	var want []string
	for i := range 10 {
		n := i%5 + 1
		tk := r.call(t, counterProcedures[n], n)
		want = append(want, announce.Render(template, tk.Number, n))
	}
	waitFor(t, "10 announcements", func() bool { return len(r.synth.said()) >= 10 })
	r.d.Announcer.Close(context.Background())
	if got := r.synth.said(); !slices.Equal(got, want) {
		t.Fatalf("spoken:\n%q\nwant:\n%q", got, want)
	}
	r.player.mu.Lock()
	defer r.player.mu.Unlock()
	// Each call: the chime, then the sentence Repeat (2) times.
	if r.player.overlap || r.player.plays != 30 {
		t.Fatalf("plays %d (want 30), overlap %v", r.player.plays, r.player.overlap)
	}
}

func TestRecallAnnouncedAgain(t *testing.T) {
	r := newRig(t)
	r.run(t)
	tk := r.call(t, counterProcedures[3], 3)
	if _, err := r.staff.Recall(context.Background(), 3); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "2 announcements", func() bool { return len(r.synth.said()) >= 2 })
	want := announce.Render(template, tk.Number, 3)
	if got := r.synth.said(); len(got) != 2 || got[0] != want || got[1] != want {
		t.Fatalf("spoken %q, want %q twice", got, want)
	}
}

func TestNoStaleReannounceAfterReconnect(t *testing.T) {
	r := newRig(t)
	r.run(t)
	r.call(t, counterProcedures[1], 1)
	waitFor(t, "first announcement", func() bool { return len(r.synth.said()) == 1 })
	r.srv.Stop()
	waitFor(t, "disconnected", func() bool { return !r.d.Model.Board().Connected })
	r.srv.Restart()
	r.staff = r.srv.Staff()
	waitFor(t, "reconnected", func() bool { return r.d.Model.Board().Connected })
	tk := r.call(t, counterProcedures[2], 2)
	waitFor(t, "second announcement", func() bool { return len(r.synth.said()) >= 2 })
	r.d.Announcer.Close(context.Background())
	if got := r.synth.said(); len(got) != 2 || got[1] != announce.Render(template, tk.Number, 2) {
		t.Fatalf("spoken %q: the first call must not be read again after the restart", got)
	}
}

// adminPut sends an admin's PUT with a JSON body (the Go client has no
// settings call; the console does this).
func adminPut(t *testing.T, srv *servertest.Server, path string, body any) {
	t.Helper()
	c, err := client.New(srv.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	sess, err := c.Login(context.Background(), servertest.AdminUser, servertest.AdminPassword)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPut, srv.URL+contract.APIPrefix+path, bytes.NewReader(raw))
	req.Header.Set("Authorization", "Bearer "+sess.Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("PUT %s: %s", path, resp.Status)
	}
}

func adminSettings(t *testing.T, srv *servertest.Server) contract.Settings {
	t.Helper()
	c, _ := client.New(srv.URL, "")
	sess, err := c.Login(context.Background(), servertest.AdminUser, servertest.AdminPassword)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+contract.APIPrefix+"/settings", nil)
	req.Header.Set("Authorization", "Bearer "+sess.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var s contract.Settings
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSettingsChangeAppliesLive(t *testing.T) {
	r := newRig(t)
	r.run(t)
	s := adminSettings(t, r.srv)
	s.Announcement.Template = "Mời số {number} tới quầy {counter}"
	s.Announcement.Repeat = 1
	s.Slogans = []contract.Text{{VI: "Khẩu hiệu mới của trung tâm"}}
	adminPut(t, r.srv, "/settings", s)
	waitFor(t, "settings on the board", func() bool {
		return r.d.Model.Board().Centre.Announcement.Template == s.Announcement.Template
	})
	tk := r.call(t, counterProcedures[4], 4)
	waitFor(t, "announcement", func() bool { return len(r.synth.said()) == 1 })
	r.d.Announcer.Close(context.Background())
	if got := r.synth.said()[0]; got != announce.Render(s.Announcement.Template, tk.Number, 4) {
		t.Fatalf("spoken %q with the new template", got)
	}
	r.player.mu.Lock()
	defer r.player.mu.Unlock()
	if r.player.plays != 2 {
		t.Fatalf("plays %d, want chime + 1 repeat", r.player.plays)
	}
}

func TestHelpNoticeUntilTaken(t *testing.T) {
	r := newRig(t)
	r.run(t)
	h, err := r.srv.Kiosk().Help(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "help on the board", func() bool { return len(r.d.Model.Board().Help) == 1 })
	c, _ := client.New(r.srv.URL, "")
	sess, _ := c.Login(context.Background(), servertest.StaffUser, servertest.StaffPassword)
	req, _ := http.NewRequest(http.MethodPost, r.srv.URL+contract.APIPrefix+"/help/"+itoa(h.ID)+"/take", nil)
	req.Header.Set("Authorization", "Bearer "+sess.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	waitFor(t, "help gone", func() bool { return len(r.d.Model.Board().Help) == 0 })
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestParseConfig(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "token")
	os.WriteFile(file, []byte("  secret-token\n"), 0o600)
	env := map[string]string{EnvServer: "http://10.0.0.2:8080"}
	cfg, err := ParseConfig([]string{"--token-file", file, "--layout", "portrait", "--counters", "1,2,5", "--audio", "chime", "--fullscreen=false"},
		func(k string) string { return env[k] }, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Token != "secret-token" || cfg.Server != "http://10.0.0.2:8080" || cfg.Layout != board.Portrait ||
		!slices.Equal(cfg.Counters, []int{1, 2, 5}) || cfg.Audio != AudioChime || cfg.Fullscreen || !cfg.HideCursor {
		t.Fatalf("config %+v", cfg)
	}
	env[EnvToken] = "from-env"
	if cfg, err := ParseConfig(nil, func(k string) string { return env[k] }, &bytes.Buffer{}); err != nil || cfg.Token != "from-env" || cfg.Audio != AudioAuto {
		t.Fatalf("env token: %+v %v", cfg, err)
	}
	for _, args := range [][]string{
		{"--token", "x", "--layout", "sideways"},
		{"--token", "x", "--counters", "one"},
		{"--token", "x", "--audio", "loud"},
		{"--token-file", filepath.Join(dir, "missing")},
		{},
		{"--token", "x", "extra"},
	} {
		if _, err := ParseConfig(args, func(string) string { return "" }, &bytes.Buffer{}); err == nil {
			t.Errorf("ParseConfig(%q) accepted", args)
		}
	}
}

func TestAudioOffIsSilent(t *testing.T) {
	if a, err := NewAnnouncer(AudioOff); a != nil || err != nil {
		t.Fatalf("audio off: %v %v", a, err)
	}
	// Without the oto tag there is no output: the board runs silently.
	if a, err := NewAnnouncer(AudioChime); err != nil || (a != nil) != otoBuilt(t) {
		t.Fatalf("chime without output: %v %v", a, err)
	}
}

func otoBuilt(t *testing.T) bool {
	_, err := announce.NewOtoPlayer(0, 0)
	return err == nil
}

// TestBoardShowsModel checks the wiring from the follower to the board.
func TestBoardShowsModel(t *testing.T) {
	r := newRig(t)
	var mu sync.Mutex
	var last live.Board
	r.d.OnChange = func(b live.Board, _ live.Change) { mu.Lock(); last = b; mu.Unlock() }
	r.run(t)
	tk := r.call(t, counterProcedures[5], 5)
	waitFor(t, "change with the call", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(last.Calls) > 0 && last.Calls[0].Number == tk.Number
	})
}
