package printer

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"motcua/kiosk/printer/printertest"
)

func testJob() []byte {
	return Encode(Render(TicketLayout{Number: "B007"}, Paper58), EncodeOptions{})
}

// TestDeviceFile: a plain file cannot time out a read, so no status is
// asked for (nothing but the job lands in the file) and Status says so.
func TestDeviceFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lp0")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	p := &DevicePrinter{Path: path}
	job := testJob()
	if err := p.Print(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, job) {
		t.Errorf("device got %d bytes, want exactly the %d-byte job", len(got), len(job))
	}
	if _, err := p.Status(context.Background()); !errors.Is(err, ErrNoStatus) {
		t.Errorf("Status = %v, want ErrNoStatus", err)
	}
}

func TestDeviceMissing(t *testing.T) {
	p := &DevicePrinter{Path: filepath.Join(t.TempDir(), "unplugged")}
	if err := p.Print(context.Background(), testJob()); !errors.Is(err, ErrOffline) {
		t.Errorf("Print = %v, want ErrOffline", err)
	}
	if _, err := p.Status(context.Background()); !errors.Is(err, ErrOffline) {
		t.Errorf("Status = %v, want ErrOffline", err)
	}
}

// pipeDevice makes p open one end of a pipe served by the fake printer, the
// way a bidirectional USB printer answers DLE EOT through /dev/usb/lp0.
func pipeDevice(t *testing.T, p *DevicePrinter) *printertest.Server {
	srv := printertest.NewServer(t)
	p.open = func(string) (device, bool, error) {
		mine, theirs := net.Pipe()
		srv.ServeConn(theirs)
		return mine, true, nil
	}
	return srv
}

func TestDeviceStatusAndPrint(t *testing.T) {
	p := &DevicePrinter{Path: "/dev/usb/lp0"}
	srv := pipeDevice(t, p)
	srv.SetStatus(4, printertest.PaperNearEnd)
	if st, err := p.Status(context.Background()); err != nil || !st.PaperLow || !st.Online {
		t.Errorf("Status = %+v, %v; want online, paper low", st, err)
	}
	job := testJob()
	if err := p.Print(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	if jobs := srv.Jobs(); len(jobs) != 1 || !bytes.Equal(jobs[0], job) {
		t.Errorf("device got %d jobs, want the job", len(jobs))
	}
}

func TestDevicePaperOut(t *testing.T) {
	p := &DevicePrinter{Path: "/dev/usb/lp0"}
	srv := pipeDevice(t, p)
	srv.SetStatus(4, printertest.PaperEnd)
	if err := p.Print(context.Background(), testJob()); !errors.Is(err, ErrPaperOut) {
		t.Errorf("Print = %v, want ErrPaperOut", err)
	}
	srv.Close()
	if len(srv.Jobs()) != 0 {
		t.Error("job sent to a printer without paper")
	}
}

// TestDeviceOpenHangs: a driver whose open blocks costs the kiosk Timeout,
// not forever, and the ticket is not printed late when the open finally
// returns, which would surprise a citizen already told to wait.
func TestDeviceOpenHangs(t *testing.T) {
	release := make(chan struct{})
	mine, theirs := net.Pipe()
	p := &DevicePrinter{Path: "/dev/usb/lp0", Timeout: 100 * time.Millisecond, SkipStatus: true}
	p.open = func(string) (device, bool, error) {
		<-release
		return mine, true, nil
	}
	start := time.Now()
	if err := p.Print(context.Background(), testJob()); !errors.Is(err, ErrTimeout) {
		t.Errorf("Print = %v, want ErrTimeout", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v", d)
	}
	close(release)
	theirs.SetReadDeadline(time.Now().Add(time.Second))
	if n, _ := theirs.Read(make([]byte, 1)); n != 0 {
		t.Error("the job was written after Print gave up")
	}
}

// TestDeviceStalled: a printer that takes no more data (a USB printer out
// of paper blocks writes) ends in ErrTimeout.
func TestDeviceStalled(t *testing.T) {
	mine, theirs := net.Pipe()
	defer theirs.Close()
	p := &DevicePrinter{Path: "/dev/usb/lp0", Timeout: 150 * time.Millisecond, SkipStatus: true}
	p.open = func(string) (device, bool, error) { return mine, true, nil }
	if err := p.Print(context.Background(), testJob()); !errors.Is(err, ErrTimeout) {
		t.Errorf("Print = %v, want ErrTimeout", err)
	}
}

func TestDeviceCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p := &DevicePrinter{Path: filepath.Join(t.TempDir(), "lp0")}
	if err := p.Print(ctx, testJob()); !errors.Is(err, context.Canceled) {
		t.Errorf("Print = %v, want context.Canceled", err)
	}
}
