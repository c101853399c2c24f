package kiosk

// What the kiosk knows about its printer. A ticket that did not print must
// still be usable (the citizen remembers the number, staff call it), and
// the next citizen must know before taking a ticket that it will not
// print: the fault is kept in the kiosk's state, shown as a banner on every
// screen but the ticket's, reported to staff once, and cleared when a
// print or a status check shows the printer works again.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"motcua/kiosk/i18n"
	"motcua/kiosk/printer"
	"motcua/server/contract"
)

// printPhase is where the printing of one ticket stands.
type printPhase int

const (
	printNone   printPhase = iota // this kiosk has no printer
	printBusy                     // sent to the printer, no answer yet
	printDone                     // printed
	printFailed                   // the printer refused or failed
)

// ticketPrint is the printing of the ticket last issued here. Redrawing
// the ticket screen (language, text size) reads it, so it never says
// "printing" again for a ticket long printed.
type ticketPrint struct {
	id    string
	phase printPhase
	key   string // i18n key of the failure's cause, for printFailed
}

// printerFault is a printer fault from its start until the printer works
// again. One fault is one report to staff, however many tickets meet it.
type printerFault struct {
	kind     string // for staff: paper_out, cover_open, …
	key      string // i18n key of the cause, for citizens
	message  string // the printer's own words, for staff
	ticket   string // the number that did not print; empty from a status check
	reported bool
}

// faultIdle is how long a ticket that did not print stays on screen
// untouched: the citizen must read the fallback, note the number or
// photograph the QR code, perhaps with a neighbour's help.
func (k *Kiosk) faultIdle() time.Duration { return max(3*k.opt.Idle, 3*time.Minute) }

// printerRecheck is how often a printer that is out is asked again.
const printerRecheck = 5 * time.Second

// statusWait bounds one status check, dial included.
const statusWait = 5 * time.Second

// printerOut tells whether the printer is known to be out.
func (k *Kiosk) printerOut() bool { return k.fault != nil }

// ticketsHeld tells whether ticket buttons must wait for the printer: the
// centre chose not to issue tickets that cannot print.
func (k *Kiosk) ticketsHeld() bool { return k.printerOut() && k.centre.TicketsNeedPrinter }

// startPrint records that tk is about to print (or, without a printer,
// will not), before its screen is first drawn.
func (k *Kiosk) startPrint(tk contract.Ticket) {
	k.printing = ticketPrint{id: tk.ID, phase: printNone}
	if k.opt.Printer != nil {
		k.printing.phase = printBusy
	}
}

// printFinished records how tk's printing ended, updates what the kiosk
// knows of the printer, and redraws tk's screen if it is on show.
func (k *Kiosk) printFinished(tk contract.Ticket, err error) {
	if err == nil {
		k.printerWorks()
	} else {
		k.printerFailed(err, tk.Number)
	}
	if k.printing.id != tk.ID {
		return // a later ticket is printing now
	}
	k.printing.phase = printDone
	if err != nil {
		_, key := faultKind(err)
		k.printing.phase, k.printing.key = printFailed, key
	}
	if k.screen == ScreenTicket && k.ticket != nil && k.ticket.ID == tk.ID && k.render != nil {
		k.render()
	}
}

// printerFailed records a fault. The same kind again is the same fault:
// nothing changes and nothing more is reported.
func (k *Kiosk) printerFailed(err error, ticket string) {
	kind, key := faultKind(err)
	if k.fault != nil && k.fault.kind == kind {
		return
	}
	k.fault = &printerFault{kind: kind, key: key, message: err.Error(), ticket: ticket}
	k.opt.Log.Warn("kiosk: printer out", "kind", kind, "err", err)
	k.printerChanged()
	select {
	case k.printerKick <- struct{}{}: // the watcher reports it now
	default:
	}
}

// printerWorks ends a fault after a print or a status check succeeded.
func (k *Kiosk) printerWorks() {
	if k.fault == nil {
		return
	}
	k.opt.Log.Info("kiosk: printer works again", "was", k.fault.kind)
	k.fault = nil
	k.printerChanged()
}

// printerChanged shows the printer's state: the banner, and the ticket
// buttons of the screen on show when the centre holds tickets while the
// printer is out (only then is the screen redrawn, so a citizen typing a
// search is not disturbed). The ticket screen keeps its ticket's own
// print state.
func (k *Kiosk) printerChanged() {
	switch {
	case !k.centre.TicketsNeedPrinter, k.screen == ScreenTicket, k.screen == ScreenTaking:
	case k.render != nil:
		k.render()
	case k.screen == ScreenHome:
		k.showHome()
	}
	k.showPrinterBanner()
}

// buildPrinterBanner makes the (hidden) printer banner for the frame.
func (k *Kiosk) buildPrinterBanner() *fyne.Container {
	k.printerBanner = container.NewStack()
	k.printerBanner.Hide()
	return k.printerBanner
}

// showPrinterBanner draws the banner in the current language while the
// printer is out, on every screen but the ticket's, where the fallback
// says it larger.
func (k *Kiosk) showPrinterBanner() {
	if k.printerBanner == nil {
		return
	}
	if !k.printerOut() || k.screen == ScreenTicket || k.opt.Mode != ModeKiosk {
		if k.printerBanner.Visible() {
			k.printerBanner.Hide()
			k.root.Refresh()
		}
		return
	}
	bg := canvas.NewRectangle(colOrange)
	txt := styled(k.printerBannerText(), theme.SizeNameSubHeadingText, theme.ColorNameForegroundOnWarning, true)
	k.printerBanner.Objects = []fyne.CanvasObject{bg, container.NewPadded(txt)}
	k.printerBanner.Show()
	k.printerBanner.Refresh()
	k.root.Refresh()
}

// printerBannerText names the fault and says what to do instead.
func (k *Kiosk) printerBannerText() string {
	what := i18n.F(k.lang, "printer.banner.fault", i18n.T(k.lang, k.fault.key))
	if k.fault.kind == "paper_out" {
		what = i18n.T(k.lang, "printer.banner.paper")
	}
	todo := i18n.T(k.lang, "printer.banner.remember")
	if k.centre.TicketsNeedPrinter {
		todo = i18n.T(k.lang, "printer.banner.desk")
	}
	return what + " – " + todo
}

// watchPrinter reports faults to staff and checks the printer's status:
// at start, then every Options.PrinterCheck while it works and every few
// seconds while it is out, so the banner goes as soon as someone has
// fixed it.
func (k *Kiosk) watchPrinter() {
	defer k.wg.Done()
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-k.ctx.Done():
			return
		case <-k.printerKick:
		case <-timer.C:
			k.checkPrinter()
		}
		k.reportFault()
		timer.Reset(k.nextCheck())
	}
}

// nextCheck is the wait before the next status check.
func (k *Kiosk) nextCheck() time.Duration {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.printerOut() {
		return min(printerRecheck, k.opt.PrinterCheck)
	}
	return k.opt.PrinterCheck
}

// checkPrinter asks the printer for its status and records the answer.
func (k *Kiosk) checkPrinter() {
	k.printMu.Lock()
	ctx, cancel := context.WithTimeout(k.ctx, statusWait)
	st, err := k.opt.Printer.Status(ctx)
	cancel()
	k.printMu.Unlock()
	if k.ctx.Err() != nil {
		return // closing: the answer means nothing
	}
	k.ui(func() { k.statusSeen(st, err) })
}

// statusSeen records a status answer. A printer without real-time status
// (ErrNoStatus) answered all the same, so it is reachable again after an
// offline fault; of other faults it says nothing, and the next print tells.
func (k *Kiosk) statusSeen(st printer.Status, err error) {
	switch {
	case err == nil && st.Err() == nil:
		k.printerWorks()
	case err == nil && st.Error != "":
		k.printerFailed(fmt.Errorf("%w: %s", st.Err(), st.Error), "")
	case err == nil:
		k.printerFailed(st.Err(), "")
	case errors.Is(err, printer.ErrNoStatus):
		if k.fault != nil && k.fault.kind == "printer_offline" {
			k.printerWorks()
		}
	default:
		k.printerFailed(err, "")
	}
}

// reportFault tells staff about a fault not yet reported. A failed report
// is tried again at the next check.
func (k *Kiosk) reportFault() {
	k.mu.Lock()
	f := k.fault
	due := f != nil && !f.reported
	var req contract.FaultRequest
	if due {
		req = contract.FaultRequest{Kind: f.kind, Message: clip(f.message, maxFaultMessage), Ticket: f.ticket}
	}
	k.mu.Unlock()
	if !due {
		return
	}
	ctx, cancel := context.WithTimeout(k.ctx, 5*time.Second)
	defer cancel()
	if _, err := k.opt.Client.Fault(ctx, req); err != nil {
		k.opt.Log.Warn("kiosk: cannot report the printer fault", "kind", req.Kind, "err", err)
		return
	}
	k.mu.Lock()
	f.reported = true
	k.mu.Unlock()
}

// maxFaultMessage is the longest fault message the server takes.
const maxFaultMessage = 500

// clip shortens s to at most n characters.
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
