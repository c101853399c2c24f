package display

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"motcua/display/announce"
	"motcua/display/board"
	"motcua/display/live"
	"motcua/server/client"
)

// tickEvery is how often the clock, blink and slogans move.
const tickEvery = 250 * time.Millisecond

// Display is a running board: the model following the server, the Fyne
// board drawing it, and the announcer reading calls aloud.
type Display struct {
	Board     *board.Board
	Model     *live.Model
	Sync      *live.Sync
	Announcer *announce.Announcer // nil when silent
	// OnChange, when set before Start, also receives every change (tests
	// and benchmarks watch the model through it).
	OnChange func(live.Board, live.Change)

	// ui serialises drawing. On a real screen fyne.Do already runs
	// everything on the UI goroutine; Fyne's test driver runs fn at once on
	// the caller's goroutine, so the follower and the ticker would race.
	ui sync.Mutex
}

// onUI runs fn on the UI goroutine, one at a time.
func (d *Display) onUI(fn func()) {
	fyne.Do(func() {
		d.ui.Lock()
		defer d.ui.Unlock()
		fn()
	})
}

// Options build a Display from its parts, so tests can give a server
// client, a fake clock and an announcer with a fake player.
type Options struct {
	Source    live.Source
	Announcer *announce.Announcer
	Board     board.Options
	// Now is the server clock; nil means a ServerClock corrected at every
	// snapshot.
	Now func() time.Time
	// Refresh is the snapshot re-read period (see live.Sync).
	Refresh time.Duration
}

// New wires a Display; Start runs it.
func New(o Options) *Display {
	var sc *live.ServerClock
	if o.Now == nil {
		sc = &live.ServerClock{}
		o.Now = sc.Now
	}
	o.Board.Now = o.Now
	d := &Display{Board: board.New(o.Board), Model: live.NewModel(o.Now), Announcer: o.Announcer}
	d.Sync = &live.Sync{Source: o.Source, Model: d.Model, Clock: sc, Refresh: o.Refresh, OnChange: d.changed}
	return d
}

// changed applies a change: settings and calls to the announcer at once
// (it queues them on its own goroutine), the picture to the UI goroutine.
func (d *Display) changed(v live.Board, ch live.Change) {
	if d.Announcer != nil {
		if ch.Settings {
			if err := d.Announcer.SetSettings(v.Centre.Announcement); err != nil {
				log.Printf("display: announcement settings: %v", err)
			}
		}
		for _, c := range ch.Announce {
			if err := d.Announcer.Announce(announce.CallAnnouncement(c)); err != nil {
				log.Printf("display: %v", err)
			}
		}
	}
	if d.OnChange != nil {
		d.OnChange(v, ch)
	}
	d.onUI(func() { d.Board.Show(v) })
}

// Start follows the server and ticks the board until ctx ends. The done
// channel closes when both have stopped.
func (d *Display) Start(ctx context.Context) (done <-chan struct{}) {
	ch := make(chan struct{})
	go func() {
		defer close(ch)
		go d.tick(ctx)
		if err := d.Sync.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
			log.Printf("display: %v", err)
		}
	}()
	return ch
}

func (d *Display) tick(ctx context.Context) {
	t := time.NewTicker(tickEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			d.onUI(d.Board.Tick)
		}
	}
}

// Run is the program: it opens the window on app a, connects to the
// server and announces calls until ctx ends or the window closes. It
// returns once the window is set up; the caller then runs a.Run().
func Run(ctx context.Context, a fyne.App, cfg Config) (stop func(), err error) {
	c, err := client.New(cfg.Server, cfg.Token, client.WithCAFile(cfg.CAFile))
	if err != nil {
		return nil, err
	}
	ann, err := NewAnnouncer(cfg.Audio)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	d := New(Options{Source: c, Announcer: ann, Board: board.Options{Layout: cfg.Layout, Counters: cfg.Counters}})
	w := a.NewWindow("motcua – Bảng gọi số")
	w.SetContent(content(d.Board.Content(), cfg.HideCursor))
	w.SetPadded(false)
	w.Resize(cfg.Layout.Size())
	w.SetFullScreen(cfg.Fullscreen)
	w.SetOnClosed(cancel)
	w.Show()
	done := d.Start(ctx)
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	return func() {
		cancel()
		<-done
		if ann != nil {
			shut, stop := context.WithTimeout(context.Background(), 2*time.Second)
			defer stop()
			ann.Close(shut)
		}
	}, nil
}

// NewAnnouncer builds the announcer for an audio mode. With no sound
// output (or a build without the "oto" tag) it returns nil: the board runs
// silently rather than not at all.
func NewAnnouncer(mode AudioMode) (*announce.Announcer, error) {
	if mode == AudioOff {
		return nil, nil
	}
	var synth announce.Synth
	if mode == AudioAuto || mode == AudioEspeak {
		s, err := announce.NewEspeakSynth()
		switch {
		case err == nil:
			synth = s
		case mode == AudioEspeak:
			return nil, fmt.Errorf("--audio espeak: %w (apt-get install espeak-ng)", err)
		default:
			log.Printf("display: %v: calls get the chime only", err)
		}
	}
	player, err := announce.NewOtoPlayer(0, 0)
	if err != nil {
		log.Printf("display: %v: the board runs silently", err)
		return nil, nil
	}
	return announce.New(announce.Config{Player: player, Synth: synth, Gap: 600 * time.Millisecond})
}

// content puts the board under a transparent layer that hides the mouse
// pointer, so a pointer left on the TV does not sit over a number.
func content(board fyne.CanvasObject, hideCursor bool) fyne.CanvasObject {
	if !hideCursor {
		return board
	}
	return container.NewStack(board, newNoCursor())
}

// noCursor is an invisible widget whose only job is the hidden cursor.
type noCursor struct{ widget.BaseWidget }

func newNoCursor() *noCursor {
	n := &noCursor{}
	n.ExtendBaseWidget(n)
	return n
}

// Cursor hides the pointer over the board.
func (n *noCursor) Cursor() desktop.Cursor { return desktop.HiddenCursor }

// MouseIn, MouseMoved and MouseOut make the widget hoverable, which is
// what lets the driver ask it for a cursor.
func (n *noCursor) MouseIn(*desktop.MouseEvent)    {}
func (n *noCursor) MouseMoved(*desktop.MouseEvent) {}
func (n *noCursor) MouseOut()                      {}

// CreateRenderer draws nothing.
func (n *noCursor) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(nil))
}
