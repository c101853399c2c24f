package printer_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"motcua/kiosk/printer"
	"motcua/kiosk/printer/printertest"
)

// smallJob is a valid job that is quick to send.
func smallJob() []byte {
	return printer.Encode(printer.Render(printer.TicketLayout{Number: "B007"}, printer.Paper58), printer.EncodeOptions{})
}

func TestPrintSendsJobAfterStatus(t *testing.T) {
	srv := printertest.NewServer(t)
	job := smallJob()
	if err := (&printer.TCPPrinter{Addr: srv.Addr()}).Print(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	if jobs := srv.Jobs(); len(jobs) != 1 || !bytes.Equal(jobs[0], job) {
		t.Fatalf("printer got %d jobs; want exactly the one sent", len(jobs))
	}
	if n := srv.StatusRequests(); n != 3 {
		t.Errorf("%d status requests, want DLE EOT 1, 2 and 4", n)
	}
}

// TestPrintRefuses: a printer that reports it cannot print gets no job, and
// the error says why.
func TestPrintRefuses(t *testing.T) {
	cases := []struct {
		name   string
		status map[byte]byte
		want   error
		detail string
	}{
		{"paper out", map[byte]byte{1: printertest.Offline, 2: printertest.PaperStopped, 4: printertest.PaperEnd}, printer.ErrPaperOut, ""},
		{"cover open", map[byte]byte{1: printertest.Offline, 2: printertest.CoverOpen}, printer.ErrCoverOpen, ""},
		{"cutter jam", map[byte]byte{1: printertest.Offline, 2: printertest.ErrorFlagged, 3: printertest.CutterError}, printer.ErrFault, "autocutter"},
		{"offline", map[byte]byte{1: printertest.Offline}, printer.ErrOffline, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := printertest.NewServer(t)
			for n, b := range c.status {
				srv.SetStatus(n, b)
			}
			err := (&printer.TCPPrinter{Addr: srv.Addr()}).Print(context.Background(), smallJob())
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.detail) {
				t.Errorf("Print = %v, want %v", err, c.want)
			}
			srv.Close()
			if jobs := srv.Jobs(); len(jobs) != 0 {
				t.Errorf("printer got %d jobs, want none", len(jobs))
			}
		})
	}
}

func TestPaperLowStillPrints(t *testing.T) {
	srv := printertest.NewServer(t)
	srv.SetStatus(4, printertest.PaperNearEnd)
	p := &printer.TCPPrinter{Addr: srv.Addr()}
	st, err := p.Status(context.Background())
	if err != nil || st != (printer.Status{Online: true, PaperLow: true}) {
		t.Errorf("Status = %+v, %v; want online with paper low", st, err)
	}
	if err := p.Print(context.Background(), smallJob()); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	if len(srv.Jobs()) != 1 {
		t.Error("a printer with little paper left must still print")
	}
}

// TestPrintOfflineQuickly: nothing listening means ErrOffline at once, not
// after the dial timeout.
func TestPrintOfflineQuickly(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	p := &printer.TCPPrinter{Addr: addr}
	start := time.Now()
	err = p.Print(context.Background(), smallJob())
	if !errors.Is(err, printer.ErrOffline) {
		t.Errorf("Print = %v, want ErrOffline", err)
	}
	if _, err := p.Status(context.Background()); !errors.Is(err, printer.ErrOffline) {
		t.Errorf("Status = %v, want ErrOffline", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v to notice the printer is off", d)
	}
}

// TestNoStatusStillPrints: a printer that ignores DLE EOT costs one short
// status timeout, then prints.
func TestNoStatusStillPrints(t *testing.T) {
	srv := printertest.NewServer(t)
	srv.SetSilent(true)
	p := &printer.TCPPrinter{Addr: srv.Addr(), StatusTimeout: 100 * time.Millisecond}
	start := time.Now()
	if _, err := p.Status(context.Background()); !errors.Is(err, printer.ErrNoStatus) {
		t.Errorf("Status = %v, want ErrNoStatus", err)
	}
	job := smallJob()
	if err := p.Print(context.Background(), job); err != nil {
		t.Fatalf("Print = %v, want the job printed", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v; status timeouts should be short", d)
	}
	srv.Close()
	if jobs := srv.Jobs(); len(jobs) != 1 || !bytes.Equal(jobs[0], job) {
		t.Errorf("printer got %d jobs, want the job", len(jobs))
	}
}

func TestSkipStatus(t *testing.T) {
	srv := printertest.NewServer(t)
	srv.SetStatus(4, printertest.PaperEnd)
	if err := (&printer.TCPPrinter{Addr: srv.Addr(), SkipStatus: true}).Print(context.Background(), smallJob()); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	if srv.StatusRequests() != 0 || len(srv.Jobs()) != 1 {
		t.Errorf("%d status requests, %d jobs; want 0 and 1", srv.StatusRequests(), len(srv.Jobs()))
	}
}

func TestPrintCancelled(t *testing.T) {
	srv := printertest.NewServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := (&printer.TCPPrinter{Addr: srv.Addr()}).Print(ctx, smallJob())
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Print = %v, want context.Canceled", err)
	}
	srv.Close()
	if len(srv.Jobs()) != 0 {
		t.Error("a cancelled print reached the printer")
	}
}

// TestPrintStalledPrinter: a printer that stops reading (jammed, buffer
// full) makes Print give up with ErrTimeout instead of hanging the kiosk.
func TestPrintStalledPrinter(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		if c, err := ln.Accept(); err == nil {
			accepted <- c
		}
	}()
	p := &printer.TCPPrinter{Addr: ln.Addr().String(), SkipStatus: true, WriteTimeout: 200 * time.Millisecond}
	start := time.Now()
	err = p.Print(context.Background(), make([]byte, 64<<20))
	if !errors.Is(err, printer.ErrTimeout) {
		t.Errorf("Print = %v, want ErrTimeout", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v to give up", d)
	}
	(<-accepted).Close()
}
