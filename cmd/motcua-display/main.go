// Command motcua-display is the waiting-room board: it shows the ticket
// each counter serves, the last calls, the waiting lines and the centre's
// messages, and reads every call aloud. It talks only to the centre server.
//
//	motcua-display --server http://10.0.0.2:8080 --token-file /etc/motcua/display.token \
//	    --layout portrait --counters 1,2,5 --audio auto
//
// With an HTTPS server: --server https://motcua.local --ca-file /etc/motcua/ca.crt.
//
// Build with -tags oto for sound through ALSA; without it the board is
// silent. Everything but creating the Fyne app lives in package display.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // the centre's time zone even on a minimal system

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"motcua/assets"
	"motcua/display"
)

func main() {
	cfg, err := display.ParseConfig(os.Args[1:], os.Getenv, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "motcua-display:", err)
		os.Exit(2)
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	a := app.NewWithID("vn.gov.haiphong.giavien.motcua.display")
	a.SetIcon(fyne.NewStaticResource("motcua.png", assets.Icon))
	stop, err := display.Run(ctx, a, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "motcua-display:", err)
		os.Exit(1)
	}
	a.Run()
	stop()
}
