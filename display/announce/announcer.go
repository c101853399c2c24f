package announce

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"motcua/server/contract"
)

// Player sends a clip to the loudspeaker. The Announcer never calls Play
// concurrently, so an implementation needs no mixing of its own.
type Player interface {
	// Play returns once the clip has finished sounding, so the next one
	// cannot overlap it, or as soon as ctx is done, so shutdown is prompt.
	Play(ctx context.Context, clip Clip) error
}

// Synth turns a sentence into speech. It is an interface so the board can
// use espeak-ng, recorded voices or nothing, and tests need no program.
type Synth interface {
	// Speak must return when ctx is done; a call that hangs would hold up
	// every call behind it until the Announcer's speak timeout.
	Speak(ctx context.Context, text string) (Clip, error)
}

// Announcement is one call to read aloud.
type Announcement struct {
	// Number is the ticket as printed, e.g. "B007".
	Number string
	// Counter is the counter (quầy) number the citizen must go to.
	Counter int
	// Recall marks a repeated call for a citizen who did not come; it is
	// read again in full, never merged with the earlier call.
	Recall bool
}

// CallAnnouncement converts the server's call event into an Announcement,
// so the board can forward what it receives without knowing the fields.
func CallAnnouncement(c contract.Call) Announcement {
	return Announcement{Number: c.Number, Counter: c.Counter, Recall: c.Recall}
}

// QuietMode says what happens to a call during quiet hours.
type QuietMode int

const (
	// QuietShortChime plays only the soft short chime, so people waiting
	// still look at the board while the room stays calm.
	QuietShortChime QuietMode = iota
	// QuietSilent plays nothing; the board only shows the call.
	QuietSilent
)

const (
	// DefaultQueueSize is the least number of calls that can wait to be read:
	// at about ten seconds a call it is more than forty minutes of speech,
	// far beyond any real burst.
	DefaultQueueSize = 256
	// MaxRepeat caps the repeat setting, so a typing slip in the console
	// cannot hold every later call back for minutes.
	MaxRepeat = 5
	// DefaultSpeakTimeout bounds one synthesis; a slower synthesiser is
	// treated as failed and the call gets the chime alone.
	DefaultSpeakTimeout = 10 * time.Second
)

var (
	// ErrQueueFull is returned by Announce when the queue is full. The call
	// is not read aloud (it is still on the screen); every call accepted
	// earlier is still read, in order. Dropped counts such calls.
	ErrQueueFull = errors.New("announce: queue full, call not read aloud")
	// ErrClosed is returned by Announce after Close, so late calls during
	// shutdown are reported instead of silently lost.
	ErrClosed = errors.New("announce: announcer closed")
)

// Config is what an Announcer is built from. Only Player is required.
type Config struct {
	// Player plays chimes and speech.
	Player Player
	// Synth speaks the sentence; nil means chime only (no voice installed).
	Synth Synth
	// Chime is played before each call; empty means Chime().
	Chime Clip
	// ShortChime is played during quiet hours; empty means ShortChime().
	ShortChime Clip
	// Settings are the centre's announcement settings: Template (empty means
	// DefaultTemplate), Repeat (clamped to 1..MaxRepeat), Volume (0–100;
	// 0 mutes the board, as the console's 0 means) and quiet hours.
	Settings contract.AnnouncementSettings
	// QuietMode chooses the short chime (default) or silence in quiet hours.
	QuietMode QuietMode
	// Reader says how numbers and tickets are read.
	Reader Reader
	// RecallTemplate, when set, is used instead of Settings.Template for
	// recalls, e.g. "Xin mời lại công dân có số thứ tự {number} ...".
	RecallTemplate string
	// Now is the clock for quiet hours; nil means time.Now. Injected so
	// tests and a board with a server-synchronised clock agree.
	Now func() time.Time
	// Location is the centre's time zone for quiet hours; nil reads the
	// clock's time in its own location.
	Location *time.Location
	// QueueSize is how many calls may wait; below DefaultQueueSize it is
	// raised to DefaultQueueSize.
	QueueSize int
	// SpeakTimeout bounds one synthesis; zero means DefaultSpeakTimeout.
	SpeakTimeout time.Duration
	// Gap is the silence between repetitions of the sentence.
	Gap time.Duration
	// OnError receives failures of the synthesiser and player, which do not
	// stop the queue; nil logs them with the standard logger. It is called
	// from the Announcer's goroutine.
	OnError func(error)
}

// settings is the part of the configuration that can change while running,
// prepared (parsed, volume applied) once per change rather than per call.
type settings struct {
	template       string
	repeat         int
	volume         int
	quiet          QuietHours
	chime          Clip
	shortChime     Clip
	rawChime       Clip
	rawShort       Clip
	recallTemplate string
}

// Announcer reads calls aloud one at a time, in the order Announce received
// them, on its own goroutine, so the board's UI never waits for audio and
// two calls never talk over each other.
type Announcer struct {
	player       Player
	synth        Synth
	reader       Reader
	quietMode    QuietMode
	now          func() time.Time
	location     *time.Location
	speakTimeout time.Duration
	gap          time.Duration
	onError      func(error)

	mu      sync.Mutex // guards closed and current
	closed  bool
	current settings
	queue   chan Announcement
	ctx     context.Context
	cancel  context.CancelFunc
	done    chan struct{}
	dropped atomic.Uint64
}

// New checks cfg and starts the Announcer's goroutine; call Close to stop it.
func New(cfg Config) (*Announcer, error) {
	if cfg.Player == nil {
		return nil, errors.New("announce: a Player is required")
	}
	a := newAnnouncer(cfg)
	s, err := prepare(cfg.Settings, settings{
		rawChime: orDefault(cfg.Chime, Chime), rawShort: orDefault(cfg.ShortChime, ShortChime),
		recallTemplate: cfg.RecallTemplate,
	})
	if err != nil {
		return nil, err
	}
	a.current = s
	a.ctx, a.cancel = context.WithCancel(context.Background())
	go a.run()
	return a, nil
}

func newAnnouncer(cfg Config) *Announcer {
	a := &Announcer{
		player: cfg.Player, synth: cfg.Synth, reader: cfg.Reader, quietMode: cfg.QuietMode,
		now: cfg.Now, location: cfg.Location, speakTimeout: cfg.SpeakTimeout,
		gap: cfg.Gap, onError: cfg.OnError,
		queue: make(chan Announcement, max(cfg.QueueSize, DefaultQueueSize)),
		done:  make(chan struct{}),
	}
	if a.now == nil {
		a.now = time.Now
	}
	if a.speakTimeout <= 0 {
		a.speakTimeout = DefaultSpeakTimeout
	}
	if a.onError == nil {
		a.onError = func(err error) { log.Print(err) }
	}
	return a
}

func orDefault(c Clip, def func() Clip) Clip {
	if len(c.Samples) == 0 {
		return def()
	}
	return c
}

// SetSettings applies new announcement settings from the next call on, so
// the board can follow settings.changed without restarting. Invalid quiet
// hours are rejected and the previous settings kept.
func (a *Announcer) SetSettings(s contract.AnnouncementSettings) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	next, err := prepare(s, a.current)
	if err != nil {
		return err
	}
	a.current = next
	return nil
}

// prepare builds settings from s, keeping the chimes of base.
func prepare(s contract.AnnouncementSettings, base settings) (settings, error) {
	quiet, err := ParseQuietHours(s.QuietStart, s.QuietEnd)
	if err != nil {
		return settings{}, fmt.Errorf("announce: %w", err)
	}
	for _, c := range []Clip{base.rawChime, base.rawShort} {
		if err := c.validate(); err != nil {
			return settings{}, fmt.Errorf("announce: chime: %w", err)
		}
	}
	base.template, base.quiet = s.Template, quiet
	base.repeat = min(max(s.Repeat, 1), MaxRepeat)
	base.volume = min(max(s.Volume, 0), 100)
	base.chime = base.rawChime.withVolume(base.volume)
	base.shortChime = base.rawShort.withVolume(base.volume)
	return base, nil
}

// Announce queues a call and returns at once. It fails with ErrQueueFull
// when DefaultQueueSize (or Config.QueueSize) calls are already waiting,
// and with ErrClosed after Close; it is safe from any goroutine.
func (a *Announcer) Announce(x Announcement) error {
	if strings.TrimSpace(x.Number) == "" {
		return errors.New("announce: empty ticket number")
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return ErrClosed
	}
	select {
	case a.queue <- x:
		return nil
	default:
		a.dropped.Add(1)
		return ErrQueueFull
	}
}

// Dropped counts calls that were never read aloud: refused with
// ErrQueueFull, or still waiting when Close gave up. The board can show it
// as a health figure.
func (a *Announcer) Dropped() uint64 { return a.dropped.Load() }

// Close stops accepting calls and waits until every queued call has been
// read. If ctx ends first, the call being read is cut short, the rest are
// dropped, and ctx's error is returned. Close may be called more than once.
func (a *Announcer) Close(ctx context.Context) error {
	a.mu.Lock()
	if !a.closed {
		a.closed = true
		close(a.queue)
	}
	a.mu.Unlock()
	select {
	case <-a.done:
		return nil
	case <-ctx.Done():
		a.cancel()
		<-a.done
		return ctx.Err()
	}
}

func (a *Announcer) run() {
	defer close(a.done)
	defer a.cancel()
	for x := range a.queue {
		if a.ctx.Err() != nil {
			a.dropped.Add(1)
			continue
		}
		a.announce(x)
	}
}

func (a *Announcer) snapshot() settings {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.current
}

// announce reads one call: chime, then the sentence Repeat times. Speech is
// synthesised while the chime plays, so there is no pause between them.
func (a *Announcer) announce(x Announcement) {
	s := a.snapshot()
	switch {
	case s.volume == 0:
		return
	case a.quietNow(s):
		if a.quietMode == QuietShortChime {
			a.play(s.shortChime)
		}
		return
	}
	speech := a.synthesise(a.render(s, x))
	if !a.play(s.chime) {
		return
	}
	clip, ok := a.await(speech, x)
	if !ok {
		return
	}
	clip = clip.withVolume(s.volume)
	for i := range s.repeat {
		if (i > 0 && !a.pause()) || !a.play(clip) {
			return
		}
	}
}

func (a *Announcer) quietNow(s settings) bool {
	t := a.now()
	if a.location != nil {
		t = t.In(a.location)
	}
	return s.quiet.Contains(t)
}

func (a *Announcer) render(s settings, x Announcement) string {
	template := s.template
	if x.Recall && s.recallTemplate != "" {
		template = s.recallTemplate
	}
	return a.reader.Render(template, x.Number, x.Counter)
}

// speech is a synthesis result handed from its goroutine to the queue.
type speech struct {
	clip Clip
	err  error
}

// synthesise starts speaking text in the background; nil means no synth.
func (a *Announcer) synthesise(text string) <-chan speech {
	if a.synth == nil {
		return nil
	}
	ch := make(chan speech, 1)
	go func() {
		ctx, cancel := context.WithTimeout(a.ctx, a.speakTimeout)
		defer cancel()
		clip, err := a.synth.Speak(ctx, text)
		ch <- speech{clip, err}
	}()
	return ch
}

// await waits for the speech, at most about twice the speak timeout even
// if the Synth ignores its context, so one stuck synthesis cannot silence
// the rest of the day. A failure is reported and the call keeps its chime.
func (a *Announcer) await(ch <-chan speech, x Announcement) (Clip, bool) {
	if ch == nil {
		return Clip{}, false
	}
	timer := time.NewTimer(a.speakTimeout + min(a.speakTimeout, time.Second))
	defer timer.Stop()
	var r speech
	select {
	case r = <-ch:
	case <-timer.C:
		r.err = errors.New("synthesiser did not return")
	case <-a.ctx.Done():
		return Clip{}, false
	}
	if r.err == nil {
		r.err = checkSpeech(r.clip)
	}
	if r.err != nil {
		a.report(fmt.Errorf("announce: speaking %s for counter %d: %w", x.Number, x.Counter, r.err))
		return Clip{}, false
	}
	return r.clip, true
}

func checkSpeech(c Clip) error {
	if len(c.Samples) == 0 {
		return errors.New("synthesiser returned no audio")
	}
	return c.validate()
}

// play plays c and reports false only when the Announcer is stopping; a
// player error is reported and the call goes on.
func (a *Announcer) play(c Clip) bool {
	if err := a.player.Play(a.ctx, c); err != nil && a.ctx.Err() == nil {
		a.report(fmt.Errorf("announce: playing: %w", err))
	}
	return a.ctx.Err() == nil
}

func (a *Announcer) pause() bool {
	if a.gap <= 0 {
		return a.ctx.Err() == nil
	}
	t := time.NewTimer(a.gap)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-a.ctx.Done():
		return false
	}
}

func (a *Announcer) report(err error) {
	if a.ctx.Err() == nil {
		a.onError(err)
	}
}
