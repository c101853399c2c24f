package kiosk

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"motcua/kiosk/i18n"
	"motcua/kiosk/touch"
	"motcua/server/contract"
)

// showHome is the entrance screen: the fields as big tiles, the most
// common procedures with a direct "take a ticket" button, search and rating.
func (k *Kiosk) showHome() {
	counts := map[string]int{}
	for _, p := range k.cat.Procedures {
		counts[p.Field]++
	}
	var tiles []fyne.CanvasObject
	for _, f := range k.cat.Fields {
		t := touch.New(f.Name.In(k.lang), i18n.F(k.lang, "field.count", counts[f.ID]), k.tap(func() { k.showField(f) }))
		t.MinH = 110
		t.TextSize = theme.SizeNameHeadingText
		if k.short() {
			t.MinH, t.TextSize = 0, theme.SizeNameSubHeadingText
		}
		tiles = append(tiles, t)
	}
	fieldList, _ := k.pagedList(newAutoGrid(2, tiles...))
	fields := container.NewBorder(subheading(i18n.T(k.lang, "home.fields")), nil, nil, nil, fieldList)

	var common []fyne.CanvasObject
	for _, p := range k.cat.Procedures {
		if !p.Common {
			continue
		}
		name := touch.New(p.Short().In(k.lang), "", k.tap(func() { k.showDetail(p) }))
		name.Fill, name.Ink, name.TextSize = colorNameMuted, theme.ColorNameForeground, theme.SizeNameText
		take := k.takeButton(i18n.T(k.lang, "detail.take"), func() { k.showPriority(p) })
		take.Fill, take.MinW = colorNameSuccess, 220
		common = append(common, container.NewBorder(nil, nil, nil, take, name))
	}
	commonList, _ := k.pagedList(container.NewVBox(common...))
	commonBox := container.NewBorder(subheading(i18n.T(k.lang, "home.common")), nil, nil, nil, commonList)

	search := k.button(i18n.T(k.lang, "home.search"), k.showSearch)
	if !k.short() { // on a short screen the lists need the room more
		search.TextSize = theme.SizeNameHeadingText
		search.MinH = 110
	}
	rate := k.secondary(i18n.T(k.lang, "home.rate"), k.showKeypad)
	bottom := container.NewGridWithColumns(2, search, rate)

	// Side by side on a wide screen, one above the other on a narrow one.
	main := container.NewGridWithColumns(2, fields, commonBox)
	switch {
	case k.narrow() && k.short():
		main = fields // one list that can be read; the common ones are a search away
	case k.narrow():
		main = container.NewGridWithRows(2, fields, commonBox)
	}
	var greeting fyne.CanvasObject
	if !k.short() {
		greeting = heading(i18n.T(k.lang, "home.welcome"))
	}
	k.setBody(ScreenHome, container.NewPadded(container.NewBorder(greeting, bottom, nil, nil, main)), nil)
}

// showField lists the procedures of one field.
func (k *Kiosk) showField(f contract.Field) {
	var tiles []fyne.CanvasObject
	for _, p := range k.cat.Procedures {
		if p.Field != f.ID {
			continue
		}
		t := touch.New(p.Short().In(k.lang), strings.Join(k.badgeTexts(p), "  •  "), k.tap(func() { k.showDetail(p) }))
		t.TextSize = theme.SizeNameSubHeadingText
		tiles = append(tiles, t)
	}
	title := container.NewVBox(heading(f.Name.In(k.lang)), para(i18n.T(k.lang, "field.choose")))
	body, _ := k.pagedList(container.NewVBox(tiles...))
	k.setBody(ScreenField, screenWith(title, body, k.secondary(i18n.T(k.lang, "back"), k.back)), func() { k.showField(f) })
}

// badgeTexts are the badges a procedure earns, in the citizen's language.
func (k *Kiosk) badgeTexts(p contract.Procedure) []string {
	var out []string
	if p.SameDayWednesday {
		out = append(out, k.sameDayBadge(p))
	}
	switch p.Online {
	case contract.OnlineFull:
		out = append(out, i18n.T(k.lang, "badge.online"))
	case contract.OnlinePartial:
		out = append(out, i18n.T(k.lang, "badge.onlinepart"))
	}
	if p.HomeService {
		out = append(out, i18n.T(k.lang, "badge.home"))
	}
	return out
}

// badges are the procedure's badges as coloured labels.
func (k *Kiosk) badges(p contract.Procedure) []fyne.CanvasObject {
	var objs []fyne.CanvasObject
	colours := map[string]fyne.ThemeColorName{}
	colours[i18n.T(k.lang, "badge.sameday")] = colorNameSuccess
	colours[i18n.T(k.lang, "badge.home")] = colorNameWarn
	colours[i18n.F(k.lang, "sameday.late", p.SameDayCutoff)] = colorNameWarn
	for _, b := range k.badgeTexts(p) {
		col, ok := colours[b]
		if !ok {
			col = theme.ColorNamePrimary
		}
		objs = append(objs, badge(b, kioskTheme{}.Color(col, theme.VariantLight)))
	}
	return objs
}

// showDetail is everything published about one procedure, with the ticket
// button and the guidance QR code always in view on the right.
func (k *Kiosk) showDetail(p contract.Procedure) {
	if cur, ok := k.cat.Procedure(p.Code); ok {
		p = cur // a tile drawn before a catalogue change holds the old copy
	}
	var secs []fyne.CanvasObject
	add := func(title string, objs ...fyne.CanvasObject) {
		secs = append(secs, widget.NewSeparator(), subheading(title))
		secs = append(secs, objs...)
	}
	add(i18n.T(k.lang, "detail.fees"), k.feeSection(p)...)
	add(i18n.T(k.lang, "detail.time"), para(p.ProcessingTime.In(k.lang)))
	if len(p.Documents) > 0 {
		var docs []fyne.CanvasObject
		for _, d := range p.Documents {
			c := widget.NewCheck("", func(bool) { k.touch() })
			docs = append(docs, container.NewBorder(nil, nil, c, nil, para(d.In(k.lang))))
		}
		add(i18n.T(k.lang, "detail.documents"), docs...)
	}
	if len(p.Steps) > 0 {
		var steps []fyne.CanvasObject
		for i, s := range p.Steps {
			steps = append(steps, para(fmt.Sprintf("%d. %s", i+1, s.In(k.lang))))
		}
		add(i18n.T(k.lang, "detail.steps"), steps...)
	}
	if r := p.Result.In(k.lang); r != "" {
		add(i18n.T(k.lang, "detail.result"), para(r))
	}
	if len(p.LegalBasis) > 0 {
		var legal []fyne.CanvasObject
		for _, l := range p.LegalBasis {
			legal = append(legal, para("• "+l))
		}
		add(i18n.T(k.lang, "detail.legal"), legal...)
	}
	// The short name stays in view; the full official name, which can run
	// to forty words, heads the list and scrolls with it.
	title := heading(p.Short().In(k.lang))
	head := []fyne.CanvasObject{styled(p.Name.In(k.lang), theme.SizeNameSubHeadingText, theme.ColorNameForeground, true),
		newFlow(append([]fyne.CanvasObject{widget.NewLabel(i18n.F(k.lang, "detail.code", p.Code))}, k.badges(p)...)...)}
	secs = append(head, secs...)

	take := k.takeButton(i18n.T(k.lang, "detail.take"), func() { k.showPriority(p) })
	take.Fill = colorNameSuccess
	if !k.short() {
		take.TextSize = theme.SizeNameHeadingText
	}
	var qr []fyne.CanvasObject
	if u := k.guidanceURL(p); u != "" {
		if img := qrImage(u, 260); img != nil {
			qr = []fyne.CanvasObject{container.NewCenter(img), para(i18n.T(k.lang, "detail.qr"))}
		}
	}
	back := k.secondary(i18n.T(k.lang, "back"), k.back)
	bottom := k.withSpeak([]fyne.CanvasObject{back}, k.detailSpeech(p))
	var body fyne.CanvasObject
	if k.narrow() {
		// One column: the ticket button joins the bottom row, always in
		// view, and the QR code ends the list.
		left, _ := k.pagedList(container.NewVBox(append(secs, qr...)...))
		body, bottom = left, append(bottom, take)
	} else {
		// The ticket button is always in view at the top of the side
		// column; the QR code below it scrolls if the column is short.
		take.MinH = 140
		left, _ := k.pagedList(container.NewVBox(secs...))
		side := container.New(&fixedWidth{w: 440}, container.NewBorder(take, nil, nil, nil, k.plainScroll(container.NewVBox(qr...))))
		body = container.NewBorder(nil, nil, nil, side, left)
	}
	k.setBody(ScreenDetail, screenWith(title, body, bottom...), func() { k.showDetail(p) })
	k.detail = p
}

// plainScroll is a finger-draggable area without page buttons, for a
// short column that only scrolls on a small screen.
func (k *Kiosk) plainScroll(content fyne.CanvasObject) fyne.CanvasObject {
	s := touch.NewScroll(content)
	s.OnActivity = k.touch
	k.building = append(k.building, s)
	return s
}

// feeSection lists the fee rules in force today, each with its legal
// source and condition, one line per channel where the rule differs
// online; then who is exempt; and a calculator for fees that depend on
// pages or copies or that an exempt citizen does not pay. No fee at all
// says so with the law that allows nothing else.
func (k *Kiosk) feeSection(p contract.Procedure) []fyne.CanvasObject {
	if len(p.Fees) == 0 {
		return []fyne.CanvasObject{bold(i18n.T(k.lang, "detail.nofee")), k.caption(i18n.F(k.lang, "detail.source", i18n.T(k.lang, "detail.nofee.source")))}
	}
	fees := contract.FeesInForce(p.Fees, contract.ServiceDay(k.now(), k.opt.Location), contract.ChannelAny)
	if len(fees) == 0 {
		return []fyne.CanvasObject{para(i18n.T(k.lang, "detail.nocurrent"))}
	}
	var out []fyne.CanvasObject
	var calc fyne.CanvasObject
	for i, f := range fees {
		var lines []fyne.CanvasObject
		if f.Channel == contract.ChannelAny {
			lines = append(lines, bold(f.Label.In(k.lang)+": "+k.feeAmount(f)))
		} else {
			if i == 0 || fees[i-1].Label.VI != f.Label.VI {
				lines = append(lines, bold(f.Label.In(k.lang)))
			}
			lines = append(lines, para(i18n.F(k.lang, "fee.channel."+string(f.Channel), k.feeAmount(f), f.Source)))
		}
		if c := f.Condition.In(k.lang); c != "" {
			lines = append(lines, para(i18n.F(k.lang, "detail.condition", c)))
		}
		if n := f.Note.In(k.lang); n != "" {
			lines = append(lines, para(n))
		}
		if f.Channel == contract.ChannelAny {
			lines = append(lines, k.caption(i18n.F(k.lang, "detail.source", f.Source)))
		}
		if f.DependsOnCount() || (len(p.FeeExemptions) > 0 && f.Kind != contract.FeeFree) {
			calc = k.calculator(f, p.FeeExemptions)
		}
		// A charge's calculator follows all its channel lines.
		if calc != nil && (i+1 == len(fees) || fees[i+1].Label.VI != f.Label.VI) {
			lines, calc = append(lines, calc), nil
		}
		out = append(out, container.NewVBox(lines...))
	}
	return append(out, k.exemptions(p.FeeExemptions)...)
}

// caption is a small line for a legal source.
func (k *Kiosk) caption(s string) fyne.CanvasObject {
	return styled(s, theme.SizeNameCaptionText, theme.ColorNameForeground, false)
}

// exemptions lists who pays none of the procedure's fees, then their
// sources once each.
func (k *Kiosk) exemptions(ex []contract.FeeExemption) []fyne.CanvasObject {
	if len(ex) == 0 {
		return nil
	}
	out := []fyne.CanvasObject{bold(i18n.T(k.lang, "detail.exempt"))}
	for _, e := range ex {
		out = append(out, para("• "+e.Who.In(k.lang)))
	}
	return append(out, k.caption(i18n.F(k.lang, "detail.source", exemptionSources(ex))))
}

// exemptionSources joins the distinct sources of the exemptions, in order.
func exemptionSources(ex []contract.FeeExemption) string {
	var srcs []string
	for _, e := range ex {
		for _, s := range strings.Split(e.Source, "; ") {
			if !slices.Contains(srcs, s) {
				srcs = append(srcs, s)
			}
		}
	}
	return strings.Join(srcs, "; ")
}

// feeAmount words a fee's amount: "Miễn phí", "10.000 đ", "8.000 đ/bản sao",
// the page tiers with their cap, or, for a council fee not entered yet, that
// the amount is not confirmed.
func (k *Kiosk) feeAmount(f contract.Fee) string {
	unit := f.Unit.In(k.lang)
	per := func(s string) string {
		if unit == "" {
			return s
		}
		return s + "/" + unit
	}
	switch f.Kind {
	case contract.FeeFree:
		return i18n.T(k.lang, "detail.free")
	case contract.FeeFlat, contract.FeePerCopy:
		return per(contract.FormatVND(f.Amount))
	case contract.FeeLocal:
		if f.Confirmed() {
			return contract.FormatVND(f.Amount)
		}
		return i18n.T(k.lang, "detail.local")
	case contract.FeePerPage:
		var parts []string
		for i, t := range f.Tiers {
			if i == 0 {
				parts = append(parts, i18n.F(k.lang, "fee.tier.first", contract.FormatVND(t.Amount)))
				continue
			}
			parts = append(parts, i18n.F(k.lang, "fee.tier.from", t.FromPage, contract.FormatVND(t.Amount)))
		}
		if f.Cap > 0 {
			parts = append(parts, i18n.F(k.lang, "fee.cap", contract.FormatVND(f.Cap)))
		}
		return strings.Join(parts, "; ")
	}
	return i18n.T(k.lang, "detail.unknown")
}

// calculator lets a citizen count pages and copies with big − and + keys,
// and say they belong to an exempt class when the procedure has any, and
// shows the amount from contract.Fee.Quote, the same rule the server
// publishes: 0 đ with the reason for an exempt citizen.
func (k *Kiosk) calculator(f contract.Fee, ex []contract.FeeExemption) fyne.CanvasObject {
	pages, copies, exempt := 1, 1, false
	total := styled("", theme.SizeNameSubHeadingText, colorNameSuccess, true)
	update := func() {
		txt := i18n.T(k.lang, "detail.unknown")
		if amt, ok := f.Quote(pages, copies, exempt); ok {
			txt = i18n.F(k.lang, "detail.total", contract.FormatVND(amt))
		}
		if exempt {
			txt = i18n.F(k.lang, "detail.total.exempt", exemptionSources(ex))
		}
		total.Segments[0].(*widget.TextSegment).Text = txt
		total.Refresh()
	}
	rows := []fyne.CanvasObject{bold(i18n.T(k.lang, "detail.calc"))}
	if f.Kind == contract.FeePerPage {
		rows = append(rows, k.stepper(i18n.T(k.lang, "detail.pages"), &pages, contract.MaxFeePages, update))
	}
	if f.DependsOnCount() {
		rows = append(rows, k.stepper(i18n.T(k.lang, "detail.copies"), &copies, contract.MaxFeeCopies, update))
	}
	if len(ex) > 0 {
		rows = append(rows, k.exemptToggle(&exempt, update))
	}
	rows = append(rows, total)
	update()
	bg := canvas.NewRectangle(colMuted)
	bg.CornerRadius = 10
	return container.NewStack(bg, container.NewPadded(container.NewVBox(rows...)))
}

// exemptToggle is the "Thuộc diện miễn" choice: a touch-sized key whose
// title says the current answer.
func (k *Kiosk) exemptToggle(exempt *bool, changed func()) fyne.CanvasObject {
	var b *touch.Tile
	title := func() string {
		if *exempt {
			return i18n.T(k.lang, "detail.exempt.yes")
		}
		return i18n.T(k.lang, "detail.exempt.no")
	}
	b = k.secondary(title(), func() {
		*exempt = !*exempt
		b.Title = title()
		b.Refresh()
		changed()
	})
	return b
}

// stepper is "label  [−]  n  [+]" with touch-sized keys.
func (k *Kiosk) stepper(label string, v *int, maxV int, changed func()) fyne.CanvasObject {
	val := canvas.NewText("", colInk)
	val.TextSize = theme.Size(theme.SizeNameHeadingText)
	val.TextStyle.Bold = true
	val.Alignment = fyne.TextAlignCenter
	show := func() { val.Text = fmt.Sprint(*v); val.Refresh(); changed() }
	minus := k.button("−", func() {
		if *v > 1 {
			*v--
			show()
		}
	})
	plus := k.button("+", func() {
		if *v < maxV {
			*v++
			show()
		}
	})
	minus.Title, plus.Title = "−", "+"
	minus.MinW, plus.MinW = 90, 90
	val.Text = fmt.Sprint(*v)
	valBox := container.New(&fixedWidth{w: 120}, val)
	return container.NewHBox(container.New(&fixedWidth{w: 200}, bold(label)), minus, valBox, plus)
}

// fixedWidth lays its objects out at a fixed width and their natural height.
type fixedWidth struct{ w float32 }

// MinSize is the objects' tallest at width w. An object not yet that
// wide is made so first (wrapped text knows its height only once it knows
// its width), keeping any height it was given: the driver asks for minimum
// sizes every frame, and shrinking a laid-out object to its minimum here
// would leave it so (a QR column cut to a sliver on the real screen).
func (f *fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		if o.Size().Width != f.w {
			o.Resize(fyne.NewSize(f.w, max(o.Size().Height, o.MinSize().Height)))
		}
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(f.w, h)
}

func (f *fixedWidth) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(s)
	}
}
