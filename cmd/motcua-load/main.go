// Command motcua-load lets a centre check its own appliance before it goes
// into service: it drives a running motcua server over its public API with
// the devices of a busy morning (N kiosks issuing tickets, M officials
// calling and serving them, K display boards following the calls) and
// prints how long each operation took, as percentiles.
//
//	motcua-load --server http://10.0.0.2:8080 --first-run DATA/first-run.txt \
//	    --duration 30s --kiosks 10 --counters 6 --displays 20 --rate 5
//
// Against an HTTPS server add --ca-file with the centre's ca.crt.
//
// It talks to the server exactly as the real devices do (motcua/server/client
// over HTTP and the websocket), so what it measures is what a citizen and an
// official would feel: the network, the server's database commits and the
// event fan-out, not a benchmark of one function.
//
// The run is real: the tickets it issues take real numbers of the day and
// appear on the boards, and the counters it drives are the catalogue's real
// counters. Run it when the centre is closed. Afterwards it cancels the
// tickets it left waiting, disables the staff accounts it created
// (loadtest-<run>-<i>) and revokes its device tokens (loadtest-kiosk-<i>,
// loadtest-display-<i>), unless --cleanup=false.
//
// Event delivery is measured from the event's "at" (the server's commit
// time, on the server's clock) to its arrival at each display (on this
// machine's clock). Run on the appliance itself the two clocks are one; run
// from another machine, any clock skew between the two is added to (or
// subtracted from) that figure. The "call-to-display" row does not have
// this problem: it runs from sending call-next to the display receiving the
// call, both on this machine's clock, and so includes the request's trip to
// the server.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := NewMain(os.Stdout, os.Stderr).Run(ctx, os.Args[1:]); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "motcua-load:", err)
		}
		os.Exit(2)
	}
}

// Main is the program with its outputs injected, so a test can run it
// against an in-process server and read its summary.
type Main struct {
	out, log io.Writer
}

// NewMain returns a Main that prints the summary to out and its progress to
// log.
func NewMain(out, log io.Writer) *Main { return &Main{out: out, log: log} }

// Run parses args, runs the load and prints the summary. It fails when the
// run could not start, and also after printing the summary when the server
// answered errors, a display missed a call or a number was called twice:
// a check that saw a fault must not exit 0.
func (m *Main) Run(ctx context.Context, args []string) error {
	cfg, err := parseFlags(args, m.log)
	if err != nil {
		return err
	}
	rep, err := newRunner(cfg, m.log).run(ctx)
	if err != nil {
		return err
	}
	if err := m.print(cfg, rep); err != nil {
		return err
	}
	return rep.verdict()
}

// print writes the summary as a table, or as JSON for --json.
func (m *Main) print(cfg config, rep *Report) error {
	if !cfg.json {
		return rep.WriteTable(m.out)
	}
	enc := json.NewEncoder(m.out)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}
