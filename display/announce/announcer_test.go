package announce

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"motcua/server/contract"
)

var (
	testChime = Clip{SampleRate: 8000, Channels: 1, Samples: []int16{-1000, 0}}
	testShort = Clip{SampleRate: 8000, Channels: 1, Samples: []int16{-2000, 0}}
	testRead  = Reader{Letters: LetterAsWritten}
)

// fakeSynth returns a tiny clip whose first sample is the index (from 1) of
// the text it was asked for, so the player can tell what was "said".
type fakeSynth struct {
	mu    sync.Mutex
	texts []string
	err   error
	clip  *Clip                           // returned instead, when set
	hook  func(ctx context.Context) error // runs first, when set
}

func (s *fakeSynth) Speak(ctx context.Context, text string) (Clip, error) {
	if s.hook != nil {
		if err := s.hook(ctx); err != nil {
			return Clip{}, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.texts = append(s.texts, text)
	switch {
	case s.err != nil:
		return Clip{}, s.err
	case s.clip != nil:
		return *s.clip, nil
	}
	return Clip{SampleRate: 8000, Channels: 1, Samples: []int16{int16(len(s.texts)), 0}}, nil
}

func (s *fakeSynth) text(id int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.texts[id-1]
}

func (s *fakeSynth) calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.texts)
}

type played struct {
	label      string
	clip       Clip
	start, end time.Time
}

// fakePlayer records every Play with its start and end, and notes overlap.
type fakePlayer struct {
	synth   *fakeSynth
	mu      sync.Mutex
	plays   []played
	active  int
	overlap bool
	hold    chan struct{} // Play waits for it to close, when set
	started chan string   // receives each label as it starts, when set
	err     error
}

func (p *fakePlayer) label(c Clip) string {
	switch first := c.Samples[0]; {
	case first == testChime.Samples[0]:
		return "chime"
	case first == testShort.Samples[0]:
		return "short"
	case first > 0 && p.synth != nil:
		return "say:" + p.synth.text(int(first))
	}
	return fmt.Sprintf("clip%d", c.Samples[0])
}

func (p *fakePlayer) Play(ctx context.Context, c Clip) error {
	label := p.label(c)
	p.mu.Lock()
	p.active++
	p.overlap = p.overlap || p.active > 1
	p.plays = append(p.plays, played{label: label, clip: c, start: time.Now()})
	i, hold := len(p.plays)-1, p.hold
	p.mu.Unlock()
	if p.started != nil {
		p.started <- label
	}
	var err error
	if hold != nil {
		select {
		case <-hold:
		case <-ctx.Done():
			err = ctx.Err()
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.active--
	p.plays[i].end = time.Now()
	return errors.Join(err, p.err)
}

func (p *fakePlayer) labels() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, x := range p.plays {
		out = append(out, x.label)
	}
	return out
}

// checkSequential fails if any two plays overlapped in time.
func (p *fakePlayer) checkSequential(t *testing.T) {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.overlap {
		t.Error("two clips played at once")
	}
	for i := 1; i < len(p.plays); i++ {
		if p.plays[i].start.Before(p.plays[i-1].end) {
			t.Errorf("play %d started before play %d ended", i, i-1)
		}
	}
}

type errorLog struct {
	mu   sync.Mutex
	errs []error
}

func (l *errorLog) add(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.errs = append(l.errs, err)
}

func (l *errorLog) all() []error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.errs)
}

type rig struct {
	a      *Announcer
	player *fakePlayer
	synth  *fakeSynth
	errs   *errorLog
}

// newRig builds an Announcer around fakes; edit may change the config.
func newRig(t *testing.T, edit func(*Config, *fakePlayer, *fakeSynth)) *rig {
	t.Helper()
	r := &rig{synth: &fakeSynth{}, errs: &errorLog{}}
	r.player = &fakePlayer{synth: r.synth}
	cfg := Config{
		Player: r.player, Synth: r.synth, Chime: testChime, ShortChime: testShort,
		Settings: contract.AnnouncementSettings{Template: "{number}@{counter}", Repeat: 2, Volume: 100},
		Reader:   testRead, OnError: r.errs.add,
	}
	if edit != nil {
		edit(&cfg, r.player, r.synth)
	}
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r.a = a
	t.Cleanup(func() { r.close(t) })
	return r
}

func (r *rig) close(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := r.a.Close(ctx); err != nil {
		t.Errorf("Close: %v", err)
	}
}

func (r *rig) announce(t *testing.T, xs ...Announcement) {
	t.Helper()
	for _, x := range xs {
		if err := r.a.Announce(x); err != nil {
			t.Fatalf("Announce(%v): %v", x, err)
		}
	}
}

// expect is what a call sounds like with the test template and repeat.
func expect(repeat int, xs ...Announcement) []string {
	var out []string
	for _, x := range xs {
		out = append(out, "chime")
		for range repeat {
			out = append(out, "say:"+testRead.Render("{number}@{counter}", x.Number, x.Counter))
		}
	}
	return out
}

func calls(n int) []Announcement {
	xs := make([]Announcement, n)
	for i := range xs {
		xs[i] = Announcement{Number: fmt.Sprintf("%c%03d", 'A'+i%4, i), Counter: i%12 + 1}
	}
	return xs
}

func waitStarted(t *testing.T, ch <-chan string) string {
	t.Helper()
	select {
	case l := <-ch:
		return l
	case <-time.After(5 * time.Second):
		t.Fatal("nothing started playing")
		return ""
	}
}

func TestBurstIsReadCompletelyInOrder(t *testing.T) {
	hold := make(chan struct{})
	r := newRig(t, func(_ *Config, p *fakePlayer, _ *fakeSynth) { p.hold = hold })
	xs := calls(DefaultQueueSize)
	r.announce(t, xs...)
	close(hold)
	r.close(t)
	if got, want := r.player.labels(), expect(2, xs...); !slices.Equal(got, want) {
		t.Fatalf("played %d clips, want %d; first difference at %d", len(got), len(want), firstDiff(got, want))
	}
	r.player.checkSequential(t)
	if r.a.Dropped() != 0 || len(r.errs.all()) != 0 {
		t.Errorf("dropped %d, errors %v", r.a.Dropped(), r.errs.all())
	}
}

func firstDiff(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func TestConcurrentCallersEachInOrderNoOverlap(t *testing.T) {
	r := newRig(t, nil)
	const callers, each = 8, 30
	type origin struct{ caller, index int }
	from := map[string]origin{}
	for c := range callers {
		for i := range each {
			from[expect(1, callAt(c, i))[1]] = origin{c, i}
		}
	}
	var wg sync.WaitGroup
	for c := range callers {
		wg.Go(func() {
			for i := range each {
				if err := r.a.Announce(callAt(c, i)); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	r.close(t)
	got := r.player.labels()
	if len(got) != callers*each*3 {
		t.Fatalf("played %d clips, want %d", len(got), callers*each*3)
	}
	next := make([]int, callers)
	for i := 0; i < len(got); i += 3 {
		o, ok := from[got[i+1]]
		if !ok || o.index != next[o.caller] {
			t.Fatalf("clip %d is %q (%v), out of its caller's order", i+1, got[i+1], o)
		}
		if got[i] != "chime" || got[i+2] != got[i+1] {
			t.Fatalf("call at %d is not chime, speech, speech: %q", i, got[i:i+3])
		}
		next[o.caller]++
	}
	r.player.checkSequential(t)
}

func callAt(caller, i int) Announcement {
	return Announcement{Number: fmt.Sprintf("C%d-%03d", caller, i), Counter: caller + 1}
}

func TestQueueFullRejectsNewestKeepsOthers(t *testing.T) {
	hold := make(chan struct{})
	started := make(chan string, 10000)
	r := newRig(t, func(_ *Config, p *fakePlayer, _ *fakeSynth) { p.hold, p.started = hold, started })
	xs := calls(DefaultQueueSize + 2)
	r.announce(t, xs[0])
	waitStarted(t, started) // the worker holds xs[0]; the queue is empty
	r.announce(t, xs[1:DefaultQueueSize+1]...)
	if err := r.a.Announce(xs[DefaultQueueSize+1]); !errors.Is(err, ErrQueueFull) {
		t.Fatalf("Announce beyond capacity: %v", err)
	}
	if r.a.Dropped() != 1 {
		t.Errorf("Dropped = %d", r.a.Dropped())
	}
	close(hold)
	r.close(t)
	if got, want := r.player.labels(), expect(2, xs[:DefaultQueueSize+1]...); !slices.Equal(got, want) {
		t.Fatalf("first difference at %d of %d", firstDiff(got, want), len(want))
	}
}

func TestQueueSizeCanBeLarger(t *testing.T) {
	hold := make(chan struct{})
	r := newRig(t, func(c *Config, p *fakePlayer, _ *fakeSynth) { c.QueueSize, p.hold = 400, hold })
	r.announce(t, calls(400)...)
	close(hold)
}

func TestRecallIsReadAgain(t *testing.T) {
	r := newRig(t, nil)
	x := Announcement{Number: "B007", Counter: 3}
	again := x
	again.Recall = true
	r.announce(t, x, again)
	r.close(t)
	if got, want := r.player.labels(), expect(2, x, x); !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestRecallTemplate(t *testing.T) {
	r := newRig(t, func(c *Config, _ *fakePlayer, _ *fakeSynth) {
		c.RecallTemplate, c.Settings.Repeat = "lại {number}", 1
	})
	r.announce(t, Announcement{Number: "B007", Counter: 3}, Announcement{Number: "B007", Counter: 3, Recall: true})
	r.close(t)
	want := []string{"chime", "say:B không không bảy@ba", "chime", "say:lại B không không bảy"}
	if got := r.player.labels(); !slices.Equal(got, want) {
		t.Fatalf("got %q", got)
	}
}

// clock is a settable time source shared with the Announcer's goroutine.
type clock struct {
	mu    sync.Mutex
	t     time.Time
	asked chan struct{} // signalled after each reading
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	t := c.t
	c.mu.Unlock()
	c.asked <- struct{}{}
	return t
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func TestQuietHours(t *testing.T) {
	day := func(h, m int) time.Time { return time.Date(2026, 3, 4, h, m, 0, 0, time.UTC) }
	for _, mode := range []QuietMode{QuietShortChime, QuietSilent} {
		clk := &clock{t: day(12, 15), asked: make(chan struct{}, 10)}
		r := newRig(t, func(c *Config, _ *fakePlayer, _ *fakeSynth) {
			c.Now, c.QuietMode = clk.now, mode
			c.Settings.QuietStart, c.Settings.QuietEnd = "12:00", "13:30"
		})
		lunch, after := Announcement{Number: "A001", Counter: 1}, Announcement{Number: "A002", Counter: 2}
		r.announce(t, lunch)
		<-clk.asked // the lunch call has read the clock
		clk.set(day(13, 30))
		r.announce(t, after)
		r.close(t)
		var want []string
		if mode == QuietShortChime {
			want = []string{"short"}
		}
		want = append(want, expect(2, after)...)
		if got := r.player.labels(); !slices.Equal(got, want) {
			t.Errorf("mode %d: got %q, want %q", mode, got, want)
		}
	}
}

func TestQuietHoursUseCentreTimeZone(t *testing.T) {
	hcm := time.FixedZone("ICT", 7*3600)
	r := newRig(t, func(c *Config, _ *fakePlayer, _ *fakeSynth) {
		c.Now = func() time.Time { return time.Date(2026, 3, 4, 5, 15, 0, 0, time.UTC) } // 12:15 ICT
		c.Location = hcm
		c.Settings.QuietStart, c.Settings.QuietEnd = "12:00", "13:30"
	})
	r.announce(t, Announcement{Number: "A001", Counter: 1})
	r.close(t)
	if got := r.player.labels(); !slices.Equal(got, []string{"short"}) {
		t.Errorf("got %q", got)
	}
}

func TestSynthFailureGivesChimeOnly(t *testing.T) {
	cases := map[string]func(*fakeSynth){
		"error":   func(s *fakeSynth) { s.err = errors.New("no voice") },
		"empty":   func(s *fakeSynth) { s.clip = &Clip{SampleRate: 8000, Channels: 1} },
		"invalid": func(s *fakeSynth) { s.clip = &Clip{SampleRate: 8000, Channels: 0, Samples: []int16{1}} },
	}
	for name, breakIt := range cases {
		r := newRig(t, func(_ *Config, _ *fakePlayer, s *fakeSynth) { breakIt(s) })
		r.announce(t, Announcement{Number: "B007", Counter: 3}, Announcement{Number: "B008", Counter: 4})
		r.close(t)
		if got := r.player.labels(); !slices.Equal(got, []string{"chime", "chime"}) {
			t.Errorf("%s: got %q", name, got)
		}
		if errs := r.errs.all(); len(errs) != 2 || !strings.Contains(errs[0].Error(), "B007") {
			t.Errorf("%s: errors %v", name, errs)
		}
	}
}

func TestNilSynthGivesChimeOnlyQuietly(t *testing.T) {
	r := newRig(t, func(c *Config, _ *fakePlayer, _ *fakeSynth) { c.Synth = nil })
	r.announce(t, Announcement{Number: "B007", Counter: 3})
	r.close(t)
	if got := r.player.labels(); !slices.Equal(got, []string{"chime"}) {
		t.Errorf("got %q", got)
	}
	if errs := r.errs.all(); len(errs) != 0 {
		t.Errorf("errors %v", errs)
	}
}

func TestSynthTimeoutGivesChimeOnly(t *testing.T) {
	r := newRig(t, func(c *Config, _ *fakePlayer, s *fakeSynth) {
		c.SpeakTimeout = 200 * time.Millisecond
		s.hook = func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }
	})
	r.announce(t, Announcement{Number: "B007", Counter: 3})
	r.close(t)
	if got := r.player.labels(); !slices.Equal(got, []string{"chime"}) {
		t.Errorf("got %q", got)
	}
	if errs := r.errs.all(); len(errs) != 1 || !errors.Is(errs[0], context.DeadlineExceeded) {
		t.Errorf("errors %v", errs)
	}
}

func TestStuckSynthDoesNotStallQueue(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	r := newRig(t, func(c *Config, _ *fakePlayer, s *fakeSynth) {
		c.SpeakTimeout = 10 * time.Millisecond
		s.hook = func(context.Context) error { <-release; return nil } // ignores ctx
	})
	r.announce(t, Announcement{Number: "B007", Counter: 3}, Announcement{Number: "B008", Counter: 4})
	r.close(t)
	if got := r.player.labels(); !slices.Equal(got, []string{"chime", "chime"}) {
		t.Errorf("got %q", got)
	}
}

func TestSpeechIsSynthesisedWhileChimePlays(t *testing.T) {
	chimeStarted := make(chan string, 10)
	r := newRig(t, func(_ *Config, p *fakePlayer, s *fakeSynth) {
		p.started = chimeStarted
		s.hook = func(context.Context) error {
			select {
			case <-chimeStarted:
				return nil
			case <-time.After(5 * time.Second):
				return errors.New("speech was not requested during the chime")
			}
		}
	})
	r.announce(t, Announcement{Number: "B007", Counter: 3})
	r.close(t)
	if errs := r.errs.all(); len(errs) != 0 {
		t.Fatal(errs)
	}
}

func TestRepeatIsClamped(t *testing.T) {
	for repeat, want := range map[int]int{0: 1, -1: 1, 1: 1, 3: 3, 99: MaxRepeat} {
		r := newRig(t, func(c *Config, _ *fakePlayer, _ *fakeSynth) { c.Settings.Repeat = repeat })
		x := Announcement{Number: "A1", Counter: 1}
		r.announce(t, x)
		r.close(t)
		if got := r.player.labels(); !slices.Equal(got, expect(want, x)) {
			t.Errorf("repeat %d: got %q", repeat, got)
		}
	}
}

func TestVolumeScalesChimeAndSpeech(t *testing.T) {
	speech := Clip{SampleRate: 8000, Channels: 1, Samples: []int16{1, 800}}
	r := newRig(t, func(c *Config, _ *fakePlayer, s *fakeSynth) {
		c.Settings.Volume, c.Settings.Repeat, s.clip = 50, 1, &speech
	})
	r.announce(t, Announcement{Number: "A1", Counter: 1})
	r.close(t)
	r.player.mu.Lock()
	defer r.player.mu.Unlock()
	if len(r.player.plays) != 2 {
		t.Fatalf("%d plays", len(r.player.plays))
	}
	if got := r.player.plays[0].clip.Samples[0]; got != -500 {
		t.Errorf("chime sample %d, want -500", got)
	}
	if got := r.player.plays[1].clip.Samples[1]; got != 400 {
		t.Errorf("speech sample %d, want 400", got)
	}
}

func TestVolumeZeroPlaysNothing(t *testing.T) {
	r := newRig(t, func(c *Config, _ *fakePlayer, _ *fakeSynth) { c.Settings.Volume = 0 })
	r.announce(t, Announcement{Number: "A1", Counter: 1})
	r.close(t)
	if got := r.player.labels(); len(got) != 0 || r.synth.calls() != 0 {
		t.Errorf("played %q, synth called %d times", got, r.synth.calls())
	}
}

func TestSetSettings(t *testing.T) {
	started := make(chan string, 100)
	r := newRig(t, func(_ *Config, p *fakePlayer, _ *fakeSynth) { p.started = started })
	bad := contract.AnnouncementSettings{Template: "x", Repeat: 1, Volume: 100, QuietStart: "12:00"}
	if err := r.a.SetSettings(bad); err == nil {
		t.Error("half-set quiet hours accepted")
	}
	x := Announcement{Number: "A1", Counter: 1}
	r.announce(t, x)
	for range 3 {
		waitStarted(t, started)
	}
	if err := r.a.SetSettings(contract.AnnouncementSettings{Template: "số {number}", Repeat: 1, Volume: 100}); err != nil {
		t.Fatal(err)
	}
	r.announce(t, x)
	r.close(t)
	want := append(expect(2, x), "chime", "say:số A một")
	if got := r.player.labels(); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestCloseDeadlineCutsShortAndDrops(t *testing.T) {
	started := make(chan string, 10)
	r := newRig(t, func(_ *Config, p *fakePlayer, _ *fakeSynth) {
		p.hold, p.started = make(chan struct{}), started // never released
	})
	r.announce(t, calls(3)...)
	waitStarted(t, started)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if err := r.a.Close(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Close = %v", err)
	}
	if r.a.Dropped() != 2 {
		t.Errorf("Dropped = %d, want 2", r.a.Dropped())
	}
	if err := r.a.Announce(calls(1)[0]); !errors.Is(err, ErrClosed) {
		t.Errorf("Announce after Close = %v", err)
	}
	if len(r.errs.all()) != 0 {
		t.Errorf("shutdown reported errors: %v", r.errs.all())
	}
}

func TestPlayerErrorsDoNotStopQueue(t *testing.T) {
	r := newRig(t, func(_ *Config, p *fakePlayer, _ *fakeSynth) { p.err = errors.New("device busy") })
	xs := calls(2)
	r.announce(t, xs...)
	r.close(t)
	if got := r.player.labels(); !slices.Equal(got, expect(2, xs...)) {
		t.Errorf("got %q", got)
	}
	if n := len(r.errs.all()); n != 6 {
		t.Errorf("%d errors reported, want 6", n)
	}
}

func TestGapBetweenRepeats(t *testing.T) {
	const gap = 40 * time.Millisecond
	r := newRig(t, func(c *Config, _ *fakePlayer, _ *fakeSynth) { c.Gap = gap })
	r.announce(t, Announcement{Number: "A1", Counter: 1})
	r.close(t)
	p := r.player.plays
	if len(p) != 3 || p[2].start.Sub(p[1].end) < gap {
		t.Errorf("plays %d, gap %v", len(p), p[2].start.Sub(p[1].end))
	}
}

func TestNewChecksConfig(t *testing.T) {
	ok := Config{Player: &fakePlayer{}}
	cases := map[string]func(*Config){
		"no player":   func(c *Config) { c.Player = nil },
		"bad quiet":   func(c *Config) { c.Settings.QuietEnd = "25:00"; c.Settings.QuietStart = "12:00" },
		"bad chime":   func(c *Config) { c.Chime = Clip{SampleRate: 8000, Channels: 0, Samples: []int16{1}} },
		"bad quieter": func(c *Config) { c.ShortChime = Clip{SampleRate: 1, Channels: 1, Samples: []int16{1}} },
	}
	for name, edit := range cases {
		cfg := ok
		edit(&cfg)
		if a, err := New(cfg); err == nil {
			t.Errorf("%s: accepted", name)
			_ = a.Close(context.Background())
		}
	}
	a, err := New(ok)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Close(context.Background()); err != nil {
		t.Error(err)
	}
	if err := a.Close(context.Background()); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestDefaultsPlayGeneratedChime(t *testing.T) {
	p := &fakePlayer{}
	a, err := New(Config{Player: p, Settings: contract.AnnouncementSettings{Volume: 100}})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Announce(Announcement{Number: "A1", Counter: 1}); err != nil {
		t.Fatal(err)
	}
	if err := a.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(p.plays) != 1 || !slices.Equal(p.plays[0].clip.Samples, Chime().Samples) {
		t.Errorf("plays %d", len(p.plays))
	}
}

func TestAnnounceRejectsEmptyNumber(t *testing.T) {
	r := newRig(t, nil)
	if err := r.a.Announce(Announcement{Number: " ", Counter: 1}); err == nil {
		t.Error("empty number accepted")
	}
}

func TestCallAnnouncement(t *testing.T) {
	c := contract.Call{Seq: 9, Number: "B007", Counter: 3, Recall: true, At: time.Now()}
	if got := CallAnnouncement(c); got != (Announcement{Number: "B007", Counter: 3, Recall: true}) {
		t.Errorf("got %+v", got)
	}
}
