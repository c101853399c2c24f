package printer

import (
	"errors"
	"strings"
)

// Errors a print or status query can end with. They are sentinels so the
// kiosk can match them with errors.Is, tell the citizen what happened in
// their language, and report the fault to staff; the wrapped message adds
// the printer's address and the underlying cause for the log.
var (
	// ErrOffline: the printer cannot be reached (unplugged, switched off,
	// wrong address) or reports itself offline for no more specific reason.
	ErrOffline = errors.New("printer offline")
	// ErrPaperOut: the roll is empty; the job was not sent.
	ErrPaperOut = errors.New("printer out of paper")
	// ErrCoverOpen: the paper cover is open; the job was not sent.
	ErrCoverOpen = errors.New("printer cover open")
	// ErrFault: the printer reports a cutter, mechanical or overheating
	// error; the job was not sent. Status.Error says which.
	ErrFault = errors.New("printer fault")
	// ErrNoStatus: the printer did not answer a status query in time. Many
	// printers never do; it says nothing about whether printing works, so
	// Print goes ahead.
	ErrNoStatus = errors.New("printer gave no status")
	// ErrTimeout: the printer did not take the whole job in time: it
	// stopped accepting data, as a full buffer or a jam does, or its device
	// file did not even open. Part of the ticket may have printed.
	ErrTimeout = errors.New("printer timed out")
)

// Status is what a printer reports through DLE EOT real-time status. The
// kiosk shows PaperLow to staff before the roll runs out mid-morning.
type Status struct {
	Online    bool
	CoverOpen bool
	PaperLow  bool
	PaperOut  bool
	// Error describes a reported fault ("autocutter error"), empty when none.
	Error string
}

// Err is the sentinel for a status that must stop a job, or nil when the
// printer can print. A low roll still prints.
func (s Status) Err() error {
	switch {
	case s.PaperOut:
		return ErrPaperOut
	case s.CoverOpen:
		return ErrCoverOpen
	case s.Error != "":
		return ErrFault
	case !s.Online:
		return ErrOffline
	}
	return nil
}

// Real-time status requests: DLE EOT n.
const (
	statusPrinter = 1 // bit 3: offline
	statusOffline = 2 // bit 2: cover open, bit 5: stopped by paper end, bit 6: error
	statusError   = 3 // bit 2: mechanical, 3: autocutter, 5: unrecoverable, 6: auto-recoverable
	statusPaper   = 4 // bits 2-3: near end, bits 5-6: paper end
)

// validStatus checks the fixed bits every DLE EOT answer has (bits 1 and 4
// set, 0 and 7 clear), so stray bytes are not taken for a status.
func validStatus(b byte) bool { return b&0x93 == 0x12 }

// statusFrom reads the answers to DLE EOT 1, 2 and 4, and 3 when 2 reported
// an error (errByte is ignored otherwise).
func statusFrom(printer, offline, paper, errByte byte) Status {
	s := Status{
		Online:    printer&0x08 == 0,
		CoverOpen: offline&0x04 != 0,
		PaperLow:  paper&0x0C != 0,
		PaperOut:  paper&0x60 != 0 || offline&0x20 != 0,
	}
	if offline&0x40 != 0 {
		s.Error = errorCause(errByte)
	}
	return s
}

func errorCause(b byte) string {
	var causes []string
	for _, c := range []struct {
		bit  byte
		name string
	}{{0x04, "mechanical error"}, {0x08, "autocutter error"}, {0x20, "unrecoverable error"}, {0x40, "head overheated or voltage error"}} {
		if b&c.bit != 0 {
			causes = append(causes, c.name)
		}
	}
	if len(causes) == 0 {
		return "error"
	}
	return strings.Join(causes, ", ")
}
