package kiosk

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"motcua/kiosk/touch"
	"motcua/server/client"
	"motcua/server/contract"
	"motcua/server/servertest"
)

// screenSize is a 1080p kiosk panel.
var screenSize = fyne.NewSize(1920, 1080)

// startKiosk runs a kiosk against srv with Fyne's test driver and waits
// for its resting screen.
func startKiosk(t testing.TB, srv *servertest.Server, opt Options) *Kiosk {
	t.Helper()
	a := test.NewApp()
	w := test.NewWindow(nil)
	w.Resize(screenSize)
	if opt.Client == nil {
		opt.Client = srv.Kiosk()
	}
	if opt.Now == nil {
		opt.Now = func() time.Time { return servertest.Start }
	}
	k, err := New(a, w, opt)
	if err != nil {
		t.Fatal(err)
	}
	k.Start()
	t.Cleanup(func() { k.Close(); a.Quit() })
	waitScreen(t, k, ScreenHome)
	return k
}

// waitFor polls cond (under the UI lock) until it holds or 15 s pass.
func waitFor(t testing.TB, k *Kiosk, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		ok := false
		k.Do(func() { ok = cond() })
		if ok {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s (screen %q)", what, k.Screen())
}

func waitScreen(t testing.TB, k *Kiosk, name string) {
	t.Helper()
	waitFor(t, k, "screen "+name, func() bool { return k.screen == name })
}

// objects lists everything on the window, overlays included.
func objects(k *Kiosk) []fyne.CanvasObject {
	objs := test.LaidOutObjects(k.win.Content())
	for _, o := range k.win.Canvas().Overlays().List() {
		objs = append(objs, test.LaidOutObjects(o)...)
	}
	return objs
}

// tapText taps the tile titled text (or, failing that, the first whose
// title starts with it), or the area of that name, the way a citizen's
// finger would.
func tapText(t testing.TB, k *Kiosk, text string) {
	t.Helper()
	found := false
	k.Do(func() {
		objs := objects(k)
		for _, exact := range []bool{true, false} {
			for _, o := range objs {
				if matches(o, text, exact) {
					test.Tap(o.(fyne.Tappable))
					found = true
					return
				}
			}
		}
	})
	if !found {
		t.Fatalf("nothing to tap labelled %q on screen %q", text, k.Screen())
	}
}

func matches(o fyne.CanvasObject, text string, exact bool) bool {
	switch v := o.(type) {
	case *touch.Tile:
		return v.Visible() && (v.Title == text || !exact && strings.HasPrefix(v.Title, text))
	case *touch.Area:
		return v.Name == text
	}
	return false
}

// shows tells whether some text on the window contains s.
func shows(k *Kiosk, s string) bool {
	for _, o := range objects(k) {
		var txt string
		switch v := o.(type) {
		case *canvas.Text:
			txt = v.Text
		case *widget.Label:
			txt = v.Text
		case *widget.RichText:
			txt = v.String()
		case *touch.Tile:
			txt = v.Title + " " + v.Sub
		}
		if strings.Contains(txt, s) {
			return true
		}
	}
	return false
}

func waitShows(t testing.TB, k *Kiosk, s string) {
	t.Helper()
	waitFor(t, k, "text "+s, func() bool { return shows(k, s) })
}

// procedureIn returns the first procedure of the catalogue served by queue.
func procedureIn(t testing.TB, c *client.Client, queue string) contract.Procedure {
	t.Helper()
	cat, err := c.Catalogue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	q, ok := cat.Queue(queue)
	if !ok || len(q.Procedures) == 0 {
		t.Fatalf("no queue %s", queue)
	}
	p, _ := cat.Procedure(q.Procedures[0])
	return p
}
