package kiosk

import (
	"context"
	"errors"
	"image"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	qrcode "github.com/skip2/go-qrcode"

	"motcua/kiosk/i18n"
	"motcua/kiosk/printer"
	"motcua/kiosk/touch"
	"motcua/server/contract"
)

// showPriority asks whether the citizen belongs to a priority class before
// the ticket is taken; "no" is the first and biggest answer.
func (k *Kiosk) showPriority(p contract.Procedure) {
	none := k.takeButton(i18n.T(k.lang, "prio.none"), func() { k.takeTicket(p, contract.PriorityNone) })
	none.TextSize, none.MinH = theme.SizeNameHeadingText, 120
	tiles := []fyne.CanvasObject{none}
	for _, pr := range contract.Priorities {
		t := k.takeButton(pr.Label().In(k.lang), func() { k.takeTicket(p, pr) })
		t.Fill, t.Ink = colorNameMuted, theme.ColorNameForeground
		tiles = append(tiles, t)
	}
	title := container.NewVBox(heading(i18n.T(k.lang, "prio.title")), para(p.Short().In(k.lang)),
		styled(i18n.T(k.lang, "prio.note"), theme.SizeNameSubHeadingText, colorNameWarn, true))
	body, _ := k.pagedList(container.NewVBox(tiles[0], container.NewGridWithColumns(2, tiles[1:]...)))
	k.setBody(ScreenPriority, screenWith(title, body, k.secondary(i18n.T(k.lang, "back"), k.back)),
		func() { k.showPriority(p) })
}

// takeTicket asks the server for a ticket, then shows and prints it.
func (k *Kiosk) takeTicket(p contract.Procedure, pr contract.Priority) {
	k.setBody(ScreenTaking, centred(container.NewCenter(heading(i18n.T(k.lang, "ticket.taking")))), nil)
	lang := k.lang
	k.wg.Add(1)
	go func() {
		defer k.wg.Done()
		start := time.Now()
		ctx, cancel := context.WithTimeout(k.ctx, 10*time.Second)
		defer cancel()
		tk, err := k.opt.Client.Issue(ctx, p.Code, pr)
		if err != nil {
			k.opt.Log.Warn("kiosk: issue failed", "procedure", p.Code, "err", err)
			k.ui(func() { k.showError(i18n.T(k.lang, "ticket.failed"), func() { k.takeTicket(p, pr) }) })
			return
		}
		k.opt.Log.Info("kiosk: ticket issued", "number", tk.Number, "ms", time.Since(start).Milliseconds())
		k.ui(func() { k.showTicket(tk, p) })
		k.print(tk, p, lang)
	}()
}

// showError is a message with a way home and, when the failed step can
// be tried again, a "Thử lại" button that does so.
func (k *Kiosk) showError(msg string, retry func()) {
	bottom := []fyne.CanvasObject{k.secondary(i18n.T(k.lang, "home"), k.goHome)}
	if retry != nil {
		again := k.takeButton(i18n.T(k.lang, "retry"), retry)
		again.TextSize = theme.SizeNameHeadingText
		bottom = append(bottom, again)
	}
	k.setBody(ScreenError, screenWith(nil, centred(styled(msg, theme.SizeNameHeadingText, colorNameDanger, true)), bottom...),
		func() { k.showError(msg, retry) })
}

// takeButton is a button that needs the server: while the server cannot be
// reached it is dimmed and says so, instead of letting a citizen tap into
// a failure (the screen is redrawn when the link comes back).
func (k *Kiosk) takeButton(title string, fn func()) *touch.Tile {
	t := k.button(title, fn)
	if !k.online {
		t.Disabled, t.Sub = true, i18n.T(k.lang, "offline.wait")
	}
	return t
}

// Ticket is the ticket on screen, nil when none.
func (k *Kiosk) Ticket() *contract.Ticket {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.ticket
}

// PrintStatus is the printing message under the ticket, for tests.
func (k *Kiosk) PrintStatus() string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.printStatus
}

// showTicket shows the number large, where it stands, the counters that
// call it and a QR code of its live page; the printing message below
// changes when the printer answers.
func (k *Kiosk) showTicket(tk contract.Ticket, p contract.Procedure) {
	k.ticket = &tk
	num := canvas.NewText(tk.Number, colBlue)
	num.TextSize = theme.Size(sizeNameHuge)
	num.TextStyle.Bold = true
	num.Alignment = fyne.TextAlignCenter
	info := []fyne.CanvasObject{
		container.NewCenter(styled(i18n.T(k.lang, "ticket.heading"), theme.SizeNameHeadingText, theme.ColorNameForeground, true)),
		num,
		bold(p.Short().In(k.lang)),
	}
	if tk.Priority != contract.PriorityNone {
		info = append(info, badge(i18n.F(k.lang, "prio.banner", tk.Priority.Label().In(k.lang)), colOrange))
	}
	for _, line := range k.ticketLines(tk) {
		info = append(info, bold(line))
	}
	if tk.SameDay {
		info = append(info, badge(i18n.T(k.lang, "ticket.sameday"), colGreen))
	}
	k.printMsg = canvas.NewText("", colInk)
	k.printMsg.TextSize = theme.TextSize()
	k.printMsg.TextStyle.Bold = true
	k.printStatus = ""
	k.setPrintStatus(k.initialPrintStatus(), false)
	info = append(info, container.NewPadded(k.printMsg))

	right := []fyne.CanvasObject{}
	if img := qrImage(k.ticketURL(tk.ID), 380); img != nil {
		right = append(right, container.NewCenter(img))
	}
	right = append(right, bold(i18n.T(k.lang, "ticket.qr")))
	if tk.Code != "" { // beside the QR code, always in view: the citizen needs it to rate
		right = append(right, styled(rateCode(k.lang, tk.Code), theme.SizeNameHeadingText, theme.ColorNameForeground, true))
	}
	side := container.New(&fixedWidth{w: 460}, container.NewVBox(right...))
	infoList, _ := k.pagedList(container.NewVBox(info...))
	body := container.NewBorder(nil, nil, nil, side, infoList)
	done := k.button(i18n.T(k.lang, "done"), k.endVisit)
	done.TextSize = theme.SizeNameHeadingText
	bottom := k.withSpeak([]fyne.CanvasObject{done}, k.ticketSpeech(tk, p))
	k.setBody(ScreenTicket, screenWith(nil, body, bottom...), func() { k.showTicket(tk, p) })
}

// ticketLines are the position, wait, counters and issue time, shared by
// the screen and the printed ticket.
func (k *Kiosk) ticketLines(tk contract.Ticket) []string {
	var out []string
	if ahead := tk.Position - 1; ahead > 0 {
		out = append(out, i18n.F(k.lang, "ticket.position", ahead))
	} else if tk.Position == 1 {
		out = append(out, i18n.T(k.lang, "ticket.first"))
	}
	out = append(out, i18n.F(k.lang, "ticket.wait", i18n.Wait(k.lang, tk.EstimatedWaitS)))
	if c := k.countersText(tk.Queue); c != "" {
		out = append(out, i18n.F(k.lang, "ticket.counters", c))
	}
	at := tk.IssuedAt.In(k.opt.Location)
	out = append(out, i18n.F(k.lang, "ticket.issued", i18n.Clock(at), i18n.LongDate(k.lang, at)))
	return out
}

func (k *Kiosk) countersText(queue string) string {
	var parts []string
	for _, n := range k.cat.CountersFor(queue) {
		parts = append(parts, strconv.Itoa(n))
	}
	return strings.Join(parts, ", ")
}

func (k *Kiosk) initialPrintStatus() string {
	if k.opt.Printer == nil {
		return i18n.T(k.lang, "ticket.noprint")
	}
	return i18n.T(k.lang, "ticket.printing")
}

// setPrintStatus changes the printing message; a failure shows in red.
func (k *Kiosk) setPrintStatus(s string, failed bool) {
	k.printStatus = s
	if k.printMsg == nil {
		return
	}
	k.printMsg.Text = s
	k.printMsg.Color = colGreen
	if failed {
		k.printMsg.Color = colRed
	}
	k.printMsg.Refresh()
}

// Layout builds the printed ticket in lang from the ticket and its
// procedure.
func (k *Kiosk) Layout(tk contract.Ticket, p contract.Procedure, lang string) printer.TicketLayout {
	saved := k.lang
	k.lang = lang
	defer func() { k.lang = saved }()
	centre := k.centre.Name.In(lang)
	if centre == "" {
		centre = i18n.T(lang, "app.title")
	}
	l := printer.TicketLayout{
		Centre:         []string{strings.ToUpper(centre)},
		Heading:        i18n.T(lang, "ticket.print"),
		Number:         tk.Number,
		Procedure:      p.Short().In(lang),
		QRURL:          k.ticketURL(tk.ID),
		QRCaption:      i18n.T(lang, "ticket.qr"),
		RateCode:       rateCode(lang, tk.Code),
		DocumentsTitle: i18n.T(lang, "detail.documents"),
	}
	if c := k.countersText(tk.Queue); c != "" {
		l.Queue = i18n.F(lang, "ticket.queue", tk.Queue, c)
	}
	if tk.Priority != contract.PriorityNone {
		l.Priority = i18n.F(lang, "prio.banner", tk.Priority.Label().In(lang))
	}
	at := tk.IssuedAt.In(k.opt.Location)
	l.Issued = i18n.F(lang, "ticket.issued", i18n.Clock(at), i18n.LongDate(lang, at))
	if ahead := tk.Position - 1; ahead > 0 {
		l.Position = i18n.F(lang, "ticket.position", ahead)
	}
	l.Wait = i18n.F(lang, "ticket.wait", i18n.Wait(lang, tk.EstimatedWaitS))
	if k.opt.PrintDocuments {
		for _, d := range p.Documents {
			l.Documents = append(l.Documents, d.In(lang))
		}
	}
	if tk.SameDay {
		l.SameDay = i18n.T(lang, "ticket.sameday")
	}
	return l
}

// rateCode is the printed line with the ticket's rating code, empty when
// the server gave none.
func rateCode(lang, code string) string {
	if code == "" {
		return ""
	}
	return i18n.F(lang, "ticket.code", code)
}

// print prints the ticket in the background. A failure never takes the
// ticket off the screen: the citizen is told to photograph the QR code and
// the fault goes to the server for staff.
func (k *Kiosk) print(tk contract.Ticket, p contract.Procedure, lang string) {
	if k.opt.Printer == nil {
		return
	}
	var layout printer.TicketLayout
	k.uiWait(func() { layout = k.Layout(tk, p, lang) })
	job := printer.Encode(printer.Render(layout, k.opt.Paper), printer.EncodeOptions{})
	ctx, cancel := context.WithTimeout(k.ctx, k.opt.PrintTimeout)
	err := k.opt.Printer.Print(ctx, job)
	cancel()
	if err == nil {
		k.ui(func() {
			if k.ticket != nil && k.ticket.ID == tk.ID {
				k.setPrintStatus(i18n.T(k.lang, "ticket.printed"), false)
			}
		})
		return
	}
	kind, key := faultKind(err)
	k.opt.Log.Warn("kiosk: print failed", "ticket", tk.Number, "err", err)
	k.ui(func() {
		k.lastFault = err
		if k.ticket != nil && k.ticket.ID == tk.ID {
			k.setPrintStatus(i18n.F(k.lang, "ticket.printerr", i18n.T(k.lang, key)), true)
		}
	})
	fctx, fcancel := context.WithTimeout(k.ctx, 5*time.Second)
	defer fcancel()
	if _, ferr := k.opt.Client.Fault(fctx, contract.FaultRequest{Kind: kind, Message: err.Error(), Ticket: tk.Number}); ferr != nil {
		k.opt.Log.Warn("kiosk: cannot report the printer fault", "err", ferr)
	}
}

// faultKind maps a printer error to the fault kind staff see and the
// message key citizens see.
func faultKind(err error) (kind, key string) {
	switch {
	case errors.Is(err, printer.ErrPaperOut):
		return "paper_out", "printer.paper"
	case errors.Is(err, printer.ErrCoverOpen):
		return "cover_open", "printer.cover"
	case errors.Is(err, printer.ErrFault):
		return "printer_fault", "printer.fault"
	case errors.Is(err, printer.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return "printer_timeout", "printer.timeout"
	}
	return "printer_offline", "printer.offline"
}

// qrImage draws a QR code of url at side units, with crisp square modules.
func qrImage(url string, side float32) *canvas.Image {
	q, err := qrcode.New(url, qrcode.Medium)
	if err != nil {
		return nil
	}
	var img image.Image = q.Image(512)
	c := canvas.NewImageFromImage(img)
	c.FillMode = canvas.ImageFillContain
	c.ScaleMode = canvas.ImageScalePixels
	c.SetMinSize(fyne.NewSize(side, side))
	return c
}
