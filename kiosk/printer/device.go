package printer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// DevicePrinter prints to a printer attached as a device file, such as
// /dev/usb/lp0 for a USB printer on Linux. The file is opened for each job
// so an unplugged and replugged printer works again without a restart.
type DevicePrinter struct {
	// Path is the device file, e.g. "/dev/usb/lp0".
	Path string
	// Timeout bounds opening the device and writing the whole job; zero means
	// DefaultWriteTimeout. A USB printer without paper can block a write
	// forever, and a citizen must not wait that long.
	Timeout time.Duration
	// StatusTimeout bounds each status answer; DefaultStatusTimeout when zero.
	StatusTimeout time.Duration
	// SkipStatus disables the DLE EOT check.
	SkipStatus bool

	// open replaces openDevice in tests, to stand in for a USB printer.
	open func(path string) (device, bool, error)
}

// device is an open device file: a connection that must be closed.
type device interface {
	conn
	io.Closer
}

var _ Printer = (*DevicePrinter)(nil)

// Print opens the device, checks status where the device can be read with a
// timeout, and writes the job. A missing device is ErrOffline; one that
// does not open or take the job within Timeout is ErrTimeout.
func (p *DevicePrinter) Print(ctx context.Context, job []byte) error {
	return p.within(ctx, func(ctx context.Context, f device, readable bool) error {
		s := newSession(ctx, f)
		defer s.close()
		return s.print(job, orDefault(p.StatusTimeout, DefaultStatusTimeout), orDefault(p.Timeout, DefaultWriteTimeout), p.SkipStatus || !readable)
	})
}

// Status asks the device for its status. Devices opened write-only or
// without read timeouts (plain files, some drivers) give ErrNoStatus.
func (p *DevicePrinter) Status(ctx context.Context) (Status, error) {
	var st Status
	err := p.within(ctx, func(ctx context.Context, f device, readable bool) error {
		if !readable {
			return fmt.Errorf("%w: device opened write-only", ErrNoStatus)
		}
		s := newSession(ctx, f)
		defer s.close()
		var err error
		st, err = s.status(orDefault(p.StatusTimeout, DefaultStatusTimeout))
		return err
	})
	return st, err
}

// within opens the device and runs fn, but returns when Timeout or ctx runs
// out even if the driver ignores deadlines (open(2) on some devices blocks
// regardless); the stuck call then finishes in the background and closes
// the file.
func (p *DevicePrinter) within(ctx context.Context, fn func(context.Context, device, bool) error) error {
	if err := ctx.Err(); err != nil {
		return p.wrap(ctx, err)
	}
	inner, cancel := context.WithTimeout(ctx, orDefault(p.Timeout, DefaultWriteTimeout))
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- p.run(inner, fn) }()
	var err error
	select {
	case err = <-done:
	case <-inner.Done():
		select {
		case err = <-done: // finished just in time
		default:
			err = inner.Err()
		}
	}
	return p.wrap(ctx, err)
}

func (p *DevicePrinter) run(ctx context.Context, fn func(context.Context, device, bool) error) error {
	open := p.open
	if open == nil {
		open = openDevice
	}
	f, readable, err := open(p.Path)
	if err != nil {
		return err
	}
	defer f.Close()
	return fn(ctx, f, readable)
}

// openDevice opens for reading and writing so status can be read back,
// falling back to write-only for devices that refuse reading.
func openDevice(path string) (device, bool, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err == nil {
		return f, true, nil
	}
	if f, err2 := os.OpenFile(path, os.O_WRONLY, 0); err2 == nil {
		return f, false, nil
	}
	return nil, false, fmt.Errorf("%w: %w", ErrOffline, err)
}

// wrap names the device and turns running out of Timeout (not the
// caller's own deadline) into ErrTimeout.
func (p *DevicePrinter) wrap(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("%w: no answer within %v", ErrTimeout, orDefault(p.Timeout, DefaultWriteTimeout))
	}
	return fmt.Errorf("printer %s: %w", p.Path, err)
}
