// Command motcua-kiosk runs the citizens' touchscreen kiosk (or, with
// -mode rating -counter N, the rating tablet of one counter) against the
// centre server.
//
//	motcua-kiosk -server http://10.0.0.2:8080 -token-file /etc/motcua/kiosk.token \
//	    -printer tcp://10.0.0.9:9100 -paper 80 -admin-pin 2468
//
// With an HTTPS server: -server https://motcua.local -ca-file /etc/motcua/ca.crt.
// Build with -tags oto (cgo, libasound2-dev) for the read-aloud button;
// -speech off hides it.
//
// Settings come from -config FILE, MOTCUA_KIOSK_* variables and flags (see
// package motcua/kiosk/config). This is the only place that creates the
// Fyne app, so everything else can be tested with Fyne's test driver.
package main

import (
	"fmt"
	"log/slog"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"motcua/assets"
	"motcua/kiosk"
	"motcua/kiosk/config"
	"motcua/server/client"
)

func main() {
	start := time.Now()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	cfg, err := config.Load(os.Args[1:], os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "motcua-kiosk:", err)
		os.Exit(2)
	}
	if err := run(cfg, log, start); err != nil {
		fmt.Fprintln(os.Stderr, "motcua-kiosk:", err)
		os.Exit(1)
	}
}

func run(cfg config.Config, log *slog.Logger, start time.Time) error {
	c, err := client.New(cfg.Server, cfg.Token, client.WithCAFile(cfg.CAFile), client.WithTicketURL(cfg.TicketURL))
	if err != nil {
		return err
	}
	p, err := cfg.NewPrinter()
	if err != nil {
		return err
	}
	voice, err := cfg.NewVoice(log)
	if err != nil {
		return err
	}
	var speaker kiosk.Speaker // a nil *speech.Voice must stay a nil interface: no button
	if voice != nil {
		speaker = voice
	}
	a := app.NewWithID("vn.gov.haiphong.giavien.motcua.kiosk")
	a.SetIcon(fyne.NewStaticResource("motcua.png", assets.Icon))
	w := a.NewWindow("motcua")
	if cfg.Fullscreen {
		w.SetFullScreen(true)
	} else {
		w.Resize(fyne.NewSize(1920, 1080))
	}
	w.SetPadded(false)
	k, err := kiosk.New(a, w, kiosk.Options{
		Client: c, Printer: p, Paper: cfg.PaperWidth(), PrintDocuments: cfg.PrintDocuments, Lang: cfg.Lang, Idle: cfg.Idle,
		Mode: cfg.Mode, Counter: cfg.Counter, AdminPIN: cfg.AdminPIN, Log: log, HideCursor: cfg.HideCursor,
		Speaker: speaker,
	})
	if err != nil {
		return err
	}
	a.Lifecycle().SetOnStarted(func() {
		log.Info("motcua-kiosk: window up", "ms", time.Since(start).Milliseconds())
	})
	k.OnFirstScreen = func() {
		log.Info("motcua-kiosk: first interactive screen", "ms", time.Since(start).Milliseconds())
	}
	k.Start()
	w.ShowAndRun()
	k.Close()
	return nil
}
