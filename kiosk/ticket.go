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
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
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

// showTaking is the short wait while the server issues the ticket.
func (k *Kiosk) showTaking() {
	k.setBody(ScreenTaking, centredText(i18n.T(k.lang, "ticket.taking"), theme.SizeNameHeadingText, theme.ColorNameForeground), nil)
}

// takeTicket asks the server for a ticket, then shows and prints it.
func (k *Kiosk) takeTicket(p contract.Procedure, pr contract.Priority) {
	k.showTaking()
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
// a failure (the screen is redrawn when the link comes back). So it is
// while the printer is out at a centre that issues no ticket it cannot
// print.
func (k *Kiosk) takeButton(title string, fn func()) *touch.Tile {
	t := k.button(title, fn)
	switch {
	case !k.online:
		t.Disabled, t.Sub = true, i18n.T(k.lang, "offline.wait")
	case k.ticketsHeld():
		t.Disabled, t.Sub = true, i18n.T(k.lang, "printer.held")
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

// showTicket shows the number large, what it is for, where it stands,
// the counters that call it and how its printing went, all in view
// without scrolling, with the QR code of its live page beside (landscape)
// or below (portrait). When the ticket did not print, a fallback in large
// type asks the citizen to remember the number and the counters, and the
// screen stays longer.
func (k *Kiosk) showTicket(tk contract.Ticket, p contract.Procedure) {
	k.ticket = &tk
	if k.printing.id != tk.ID {
		k.startPrint(tk)
	}
	num := canvas.NewText(tk.Number, colBlue)
	num.TextSize = theme.Size(sizeNameHuge)
	num.TextStyle.Bold = true
	num.Alignment = fyne.TextAlignCenter
	head := canvas.NewText(i18n.T(k.lang, "ticket.heading"), colInk) // unwrapped: it sets the number's column width
	head.TextSize = theme.Size(theme.SizeNameSubHeadingText)
	head.TextStyle.Bold = true
	head.Alignment = fyne.TextAlignCenter
	number := container.NewPadded(container.NewVBox(head, num))
	if k.short() && k.narrow() { // the number speaks for itself where every line counts
		number = container.NewPadded(num)
	}
	col := &fitColumn{num: num, huge: num.TextSize}
	facts := container.New(col, container.NewBorder(nil, nil, number, nil, k.ticketDetails(tk, p)), k.printBox(tk))
	if k.narrow() { // the details get the whole width, under the number and how it printed
		facts = container.New(col, number, k.printBox(tk), k.ticketDetails(tk, p))
		if c := k.win.Canvas().Size(); k.short() && c.Width > c.Height {
			// A low landscape panel: how it printed beside the number.
			facts = container.New(col, container.NewBorder(nil, nil, number, nil, k.printBox(tk)), k.ticketDetails(tk, p))
		}
	}

	var qr fyne.CanvasObject = canvas.NewRectangle(colPaper) // room kept when the URL cannot be encoded
	if img := qrImage(k.ticketURL(tk.ID), qrMin); img != nil {
		qr = img
	}
	hint, code, least := theme.SizeNameText, theme.SizeNameHeadingText, float32(qrMin)
	if k.short() { // a short screen keeps the QR code's lines to their size at normal text
		hint, code, least = theme.SizeNameCaptionText, theme.SizeNameSubHeadingText, qrShort
	}
	side := []fyne.CanvasObject{qr, line(i18n.T(k.lang, "ticket.qr"), hint, theme.ColorNameForeground, fyne.TextAlignCenter)}
	if tk.Code != "" { // beside the QR code, always in view: the citizen needs it to rate
		side = append(side, line(rateCode(k.lang, tk.Code), code, theme.ColorNameForeground, fyne.TextAlignCenter))
	}
	body := container.New(ticketLayout{col: facts}, k.plainScroll(facts), container.New(qrBlock{least: least, width: new(float32)}, side...))
	done := k.button(i18n.T(k.lang, "done"), k.endVisit)
	done.TextSize = theme.SizeNameSubHeadingText
	bottom := k.withSpeak([]fyne.CanvasObject{done}, k.ticketSpeech(tk, p))
	k.setBody(ScreenTicket, screenWith(nil, body, bottom...), func() { k.showTicket(tk, p) })
	if k.printing.phase == printFailed {
		k.idleFor = k.faultIdle()
	}
}

// ticketDetails is what the ticket is for and where it stands, beside the
// number: procedure and queue, the counters that call it, the people
// before it and the wait, its badges and when it was issued.
func (k *Kiosk) ticketDetails(tk contract.Ticket, p contract.Procedure) fyne.CanvasObject {
	left, size := fyne.TextAlignLeading, theme.SizeNameSubHeadingText
	if k.short() {
		size = theme.SizeNameText
	}
	rows := []fyne.CanvasObject{line(i18n.F(k.lang, "ticket.what", p.Short().In(k.lang), tk.Queue), size, theme.ColorNameForeground, left)}
	if c := k.countersText(tk.Queue); c != "" {
		rows = append(rows, line(i18n.F(k.lang, "ticket.counters", c), size, theme.ColorNamePrimary, left))
	}
	small := theme.SizeNameText
	if k.short() {
		small = theme.SizeNameCaptionText
	}
	rows = append(rows, line(k.positionText(tk)+" • "+i18n.F(k.lang, "ticket.wait", i18n.Wait(k.lang, tk.EstimatedWaitS)),
		small, theme.ColorNameForeground, left))
	inset := layout.NewCustomPaddedLayout(0, 0, theme.InnerPadding(), 0) // in line with the text's own padding
	var badges []fyne.CanvasObject
	if tk.Priority != contract.PriorityNone {
		badges = append(badges, badge(i18n.F(k.lang, "prio.banner", tk.Priority.Label().In(k.lang)), colOrange))
	}
	if s := k.ticketSameDay(k.lang, tk, p); s != "" {
		col := colGreen
		if !tk.SameDay {
			col = colOrange // next working day: a caveat, not a promise
		}
		badges = append(badges, badge(s, col))
	}
	if len(badges) > 0 {
		rows = append(rows, container.New(inset, newFlow(badges...)))
	}
	if !k.short() { // the time is on the paper; a short screen keeps its room for the rest
		at := tk.IssuedAt.In(k.opt.Location)
		rows = append(rows, line(i18n.F(k.lang, "ticket.issued", i18n.Clock(at), i18n.LongDate(k.lang, at)), theme.SizeNameCaptionText, theme.ColorNameForeground, left))
	}
	return container.NewPadded(container.NewVBox(rows...))
}

// printBox is how tk's printing went: a line while printing, once printed
// or on a kiosk without a printer; after a failure, the fallback in large
// type on red with the cause under it.
func (k *Kiosk) printBox(tk contract.Ticket) fyne.CanvasObject {
	var msg string
	col := theme.ColorNameForeground
	switch k.printing.phase {
	case printNone:
		msg = i18n.T(k.lang, "ticket.noprint")
	case printBusy:
		msg = i18n.T(k.lang, "ticket.printing")
	case printDone:
		msg, col = i18n.T(k.lang, "ticket.printed"), colorNameSuccess
	case printFailed:
		k.printStatus = i18n.F(k.lang, "ticket.printerr", i18n.T(k.lang, k.printing.key))
		bg := canvas.NewRectangle(colRed)
		bg.CornerRadius = 12
		big, small := theme.SizeNameHeadingText, theme.SizeNameText
		if k.short() { // still the largest words on the screen, with room left for the rest
			big, small = theme.SizeNameSubHeadingText, theme.SizeNameCaptionText
		}
		text := container.NewVBox(
			line(k.fallbackText(tk), big, theme.ColorNameForegroundOnError, fyne.TextAlignCenter),
			line(k.printStatus, small, theme.ColorNameForegroundOnError, fyne.TextAlignCenter))
		return container.NewStack(bg, container.NewPadded(text))
	}
	k.printStatus = msg
	return line(msg, theme.SizeNameSubHeadingText, col, fyne.TextAlignCenter)
}

// fallbackText asks the citizen to remember the number and the counters
// that serve its queue, for a ticket that did not print.
func (k *Kiosk) fallbackText(tk contract.Ticket) string {
	counters := k.cat.CountersFor(tk.Queue)
	switch {
	case len(counters) == 0:
		return i18n.F(k.lang, "ticket.remember.wait", tk.Number)
	case len(counters) == 1:
		return i18n.F(k.lang, "ticket.remember", tk.Number, k.countersText(tk.Queue))
	}
	return i18n.F(k.lang, "ticket.remember.many", tk.Number, k.countersText(tk.Queue))
}

// positionText says how many wait before the ticket.
func (k *Kiosk) positionText(tk contract.Ticket) string {
	if ahead := tk.Position - 1; ahead > 0 {
		return i18n.F(k.lang, "ticket.position", ahead)
	}
	return i18n.T(k.lang, "ticket.first")
}

// line is bold text, wrapped when long, without the blank band a rich
// text keeps above and below (see tight): the ticket screen has no room
// to waste on a 1366×768 panel.
func line(s string, size fyne.ThemeSizeName, col fyne.ThemeColorName, align fyne.TextAlign) fyne.CanvasObject {
	r := styled(s, size, col, true)
	r.Segments[0].(*widget.TextSegment).Style.Alignment = align
	return container.New(tight{}, r)
}

func (k *Kiosk) countersText(queue string) string {
	var parts []string
	for _, n := range k.cat.CountersFor(queue) {
		parts = append(parts, strconv.Itoa(n))
	}
	return strings.Join(parts, ", ")
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
	l.SameDay = k.ticketSameDay(lang, tk, p)
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
// ticket off the screen: the citizen is asked to remember the number (or
// photograph the QR code) and the fault goes to staff, once (see
// printstate.go). After a ticket prints, the printer is asked at once
// whether its roll just ran out, so the next citizen is warned.
func (k *Kiosk) print(tk contract.Ticket, p contract.Procedure, lang string) {
	if k.opt.Printer == nil {
		return
	}
	var layout printer.TicketLayout
	k.uiWait(func() { layout = k.Layout(tk, p, lang) })
	job := printer.Encode(printer.Render(layout, k.opt.Paper), printer.EncodeOptions{})
	k.printMu.Lock()
	ctx, cancel := context.WithTimeout(k.ctx, k.opt.PrintTimeout)
	err := k.opt.Printer.Print(ctx, job)
	cancel()
	k.printMu.Unlock()
	if err != nil {
		k.opt.Log.Warn("kiosk: print failed", "ticket", tk.Number, "err", err)
	}
	k.ui(func() { k.printFinished(tk, err) })
	if err == nil && k.opt.Mode == ModeKiosk {
		k.checkPrinter()
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
