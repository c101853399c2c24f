package kiosk

import (
	"context"
	"image/color"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"motcua/kiosk/i18n"
	"motcua/kiosk/touch"
	"motcua/kiosk/vnkbd"
	"motcua/server/client"
	"motcua/server/contract"
)

// thanksFor is how long the thank-you stays before the resting screen.
const thanksFor = 5 * time.Second

// reasons offered for "Không hài lòng", which the centre's survey requires.
var reasons = []string{"reason.wait", "reason.attitude", "reason.guide", "reason.docs", "reason.other"}

// showRatingIdle is the counter tablet's resting screen.
func (k *Kiosk) showRatingIdle() {
	k.setBody(ScreenHome, centredText(i18n.T(k.lang, "rate.idle"), sizeNameTitle, theme.ColorNamePrimary), nil)
}

// rateTarget is the ticket a rating is for and what proves the right to
// give it: the counter tablet names the ticket by id (the server knows the
// tablet's counter from its device record); the entrance keypad names it by
// number with the code printed on the paper.
type rateTarget struct {
	ID, Number, Code string
	Counter          int
	// Procedure is the short name of the ticket's procedure, shown above
	// the faces when the server's check gave it.
	Procedure contract.Text
}

func (r rateTarget) request(score int, reason string) contract.RatingRequest {
	ref := r.ID
	if ref == "" {
		ref = r.Number
	}
	return contract.RatingRequest{Ticket: ref, Code: r.Code, Score: score, Reason: reason}
}

// showRate asks the rating question for a served ticket.
func (k *Kiosk) showRate(r rateTarget) {
	var faces []fyne.CanvasObject
	for _, score := range []int{contract.RatingVerySatisfied, contract.RatingSatisfied, contract.RatingUnsatisfied} {
		label := i18n.T(k.lang, "rate."+strconv.Itoa(score))
		fn := k.tap(func() { k.rate(r, score, "") })
		if score == contract.RatingUnsatisfied {
			fn = k.tap(func() { k.showReasons(r) })
		}
		faces = append(faces, touch.NewArea(label, k.faceTile(score, label), fn))
	}
	title := []fyne.CanvasObject{heading(i18n.T(k.lang, "rate.question"))}
	if k.short() {
		title[0] = styled(i18n.T(k.lang, "rate.question"), theme.SizeNameText, theme.ColorNamePrimary, true)
	}
	if r.Counter > 0 {
		title = append(title, subheading(i18n.F(k.lang, "rate.ticket", r.Number, r.Counter)))
	} else {
		title = append(title, subheading(r.Number))
	}
	if name := r.Procedure.In(k.lang); name != "" {
		title = append(title, bold(name))
	}
	var bottom []fyne.CanvasObject
	if k.opt.Mode == ModeKiosk {
		bottom = append(bottom, k.secondary(i18n.T(k.lang, "home"), k.goHome))
	}
	k.setBody(ScreenRate, screenWith(container.NewVBox(title...), container.NewGridWithColumns(3, faces...), bottom...),
		func() { k.showRate(r) })
}

// showReasons lists why the citizen was not satisfied; one tap sends,
// except "Lý do khác", which asks for the citizen's own words.
func (k *Kiosk) showReasons(r rateTarget) {
	var tiles []fyne.CanvasObject
	for _, key := range reasons {
		text := i18n.T(k.lang, key)
		fn := func() { k.rate(r, contract.RatingUnsatisfied, i18n.T(i18n.VI, key)) }
		if key == "reason.other" {
			fn = func() { k.showOtherReason(r, "") }
		}
		t := k.button(text, fn)
		t.Fill, t.Ink = colorNameMuted, theme.ColorNameForeground
		tiles = append(tiles, t)
	}
	back := k.secondary(i18n.T(k.lang, "back"), func() { k.showRate(r) })
	list, _ := k.pagedList(newAutoGrid(2, tiles...))
	k.setBody(ScreenReason, screenWith(heading(i18n.T(k.lang, "rate.reason")), list, back),
		func() { k.showReasons(r) })
}

// showOtherReason takes the citizen's own reason on the on-screen keyboard:
// "Lý do khác" alone tells the centre nothing, and the server refuses it.
// "Gửi đánh giá" stays off until something is written.
func (k *Kiosk) showOtherReason(r rateTarget, text string) {
	entry := widget.NewMultiLineEntry()
	entry.Wrapping = fyne.TextWrapWord
	entry.TextStyle.Bold = true
	entry.SetMinRowsVisible(3)
	entry.SetText(text)
	kbd := vnkbd.New(entry, i18n.T(k.lang, "kbd.space"), i18n.T(k.lang, "kbd.clear"))
	kbd.Telex = k.lang == i18n.VI
	kbd.OnKey = k.touch
	send := k.button(i18n.T(k.lang, "rate.send"), func() {
		if words := strings.TrimSpace(entry.Text); words != "" {
			k.rate(r, contract.RatingUnsatisfied, contract.ReasonOther+": "+words)
		}
	})
	send.Fill = colorNameSuccess
	enable := func(s string) {
		send.Disabled = strings.TrimSpace(s) == ""
		send.Refresh()
	}
	entry.OnChanged = func(s string) {
		k.touch()
		if r := []rune(s); len(r) > maxOtherReason { // the server takes 500 characters with the prefix
			entry.SetText(string(r[:maxOtherReason]))
			return
		}
		enable(s)
	}
	enable(text)
	back := k.secondary(i18n.T(k.lang, "back"), func() { k.showReasons(r) })
	k.fitKeyboard(kbd)
	if k.short() { // two buttons in half a short screen: words at the top bar's size
		back.TextSize, send.TextSize = sizeNameBar, sizeNameBar
	}
	foot := container.NewGridWithColumns(2, back, send)
	title := heading(i18n.T(k.lang, "rate.other"))
	if k.short() {
		title = subheading(i18n.T(k.lang, "rate.other"))
		entry.SetMinRowsVisible(2)
	}
	k.setBody(ScreenOther, container.NewPadded(k.besideKeyboard(title, entry, foot, kbd.Content(), kbd.Content())),
		func() { k.showOtherReason(r, entry.Text) })
}

// maxOtherReason bounds the citizen's own words, so that with the
// "Lý do khác: " prefix they stay within the server's 500 characters.
const maxOtherReason = 400

// rate sends the rating, thanks the citizen and goes back to rest.
func (k *Kiosk) rate(r rateTarget, score int, reason string) {
	k.setBody(ScreenTaking, centred(container.NewCenter(heading("…"))), nil)
	k.wg.Add(1)
	go func() {
		defer k.wg.Done()
		ctx, cancel := context.WithTimeout(k.ctx, 10*time.Second)
		defer cancel()
		_, err := k.opt.Client.Rate(ctx, r.request(score, reason))
		k.ui(func() { k.rated(err) })
	}()
}

func (k *Kiosk) rated(err error) {
	msg, col := i18n.T(k.lang, "rate.thanks"), fyne.ThemeColorName(colorNameSuccess)
	switch code := client.Code(err); {
	case err == nil:
	case code == contract.CodeAlreadyRated:
		msg, col = i18n.T(k.lang, "rate.already"), colorNameWarn
	case code == contract.CodeRatingNotAllowed && k.opt.Mode == ModeKiosk:
		msg, col = i18n.T(k.lang, "rate.badcode"), colorNameDanger
	case code == contract.CodeRatingNotAllowed:
		// The server does not know this tablet's counter: its device record
		// lacks the binding the administrator gives with --counter.
		k.opt.Log.Error("kiosk: the server refuses this tablet's ratings; register it with "+
			"`motcua-server device add --counter N --replace` or on the admin devices page", "counter", k.opt.Counter, "err", err)
		msg, col = i18n.T(k.lang, "rate.failed"), colorNameDanger
	case code == contract.CodeNotFound || code == contract.CodeNoTicket || code == contract.CodeInvalid || code == contract.CodeConflict:
		msg, col = i18n.T(k.lang, "rate.notfound"), colorNameDanger
	default:
		k.opt.Log.Warn("kiosk: rating failed", "err", err)
		msg, col = i18n.T(k.lang, "rate.failed"), colorNameDanger
	}
	k.setBody(ScreenThanks, centredText(msg, sizeNameTitle, col), nil)
	k.touched = time.Now().Add(thanksFor - k.opt.Idle)
}

// faceTile is a big drawn face with its words under it: faces read across
// languages and for people who read with difficulty.
func (k *Kiosk) faceTile(score int, label string) fyne.CanvasObject {
	col := map[int]color.Color{3: colGreen, 2: colBlue, 1: colRed}[score]
	bg := canvas.NewRectangle(colMuted)
	bg.CornerRadius = 16
	bg.StrokeColor, bg.StrokeWidth = col, 4
	d := k.faceSide()
	face := container.NewWithoutLayout(faceObjects(score, col, d)...)
	faceBox := container.New(layout.NewCenterLayout(), container.New(&fixedSize{fyne.NewSize(d, d)}, face))
	size := theme.SizeNameHeadingText
	if k.short() {
		size = theme.SizeNameText
	}
	text := styled(label, size, theme.ColorNameForeground, true)
	text.Segments[0].(*widget.TextSegment).Style.Alignment = fyne.TextAlignCenter
	return container.NewStack(bg, container.NewPadded(container.NewVBox(layout.NewSpacer(), faceBox, text, layout.NewSpacer())))
}

// faceSide is the size of a rating face: 220 on a 1080p screen, smaller
// where the window is low, so that the three faces, their words and the
// question fit together.
func (k *Kiosk) faceSide() float32 {
	s := k.win.Canvas().Size()
	if s.Height <= 0 {
		return 220
	}
	f := float32(0.2)
	if k.short() {
		f = 0.1
	}
	return max(min(s.Height*f, s.Width/3-80, 220), 80)
}

// faceObjects draws a face of side d: a ring, two eyes and a mouth that
// curves up, lies flat or curves down with the score.
func faceObjects(score int, col color.Color, d float32) []fyne.CanvasObject {
	ring := canvas.NewCircle(color.Transparent)
	ring.StrokeColor, ring.StrokeWidth = col, d/18
	ring.Resize(fyne.NewSize(d, d))
	objs := []fyne.CanvasObject{ring}
	for _, x := range []float32{0.33, 0.67} {
		eye := canvas.NewCircle(col)
		eye.Resize(fyne.NewSize(d/9, d/9))
		eye.Move(fyne.NewPos(d*x-d/18, d*0.36))
		objs = append(objs, eye)
	}
	curve := float64(score-2) * 0.12 // +: smile, 0: flat, −: frown
	const n = 10
	var prev fyne.Position
	for i := 0; i <= n; i++ {
		t := float64(i)/n*2 - 1 // −1..1
		x := d * float32(0.5+0.22*t)
		y := d * float32(0.66+curve*(1-t*t)-curve/2)
		p := fyne.NewPos(x, y)
		if i > 0 {
			l := canvas.NewLine(col)
			l.StrokeWidth = d / 18
			l.Position1, l.Position2 = prev, p
			objs = append(objs, l)
		}
		prev = p
	}
	return objs
}

// fixedSize gives its content a fixed size.
type fixedSize struct{ s fyne.Size }

func (f *fixedSize) MinSize([]fyne.CanvasObject) fyne.Size { return f.s }
func (f *fixedSize) Layout(objs []fyne.CanvasObject, _ fyne.Size) {
	for _, o := range objs {
		o.Resize(f.s)
	}
}

// showKeypad lets a citizen at the entrance type their ticket number
// (a queue letter and digits) to rate the service they had.
func (k *Kiosk) showKeypad() { k.keypad("") }

// keypad is the number keypad with number already typed: a redraw (the
// link dropping or coming back, a language change) keeps what the citizen
// typed.
func (k *Kiosk) keypad(number string) {
	shown, show := k.typedDisplay()
	set := func(s string) { number = s; show(s) }
	show(number)
	var letters []fyne.CanvasObject
	for _, q := range k.cat.Queues {
		letters = append(letters, k.keypadKey(q.Prefix, func() {
			if number == "" || !isDigit(number[len(number)-1]) {
				set(q.Prefix)
			}
		}))
	}
	var digits []fyne.CanvasObject
	for _, d := range "1234567890" {
		digits = append(digits, k.keypadKey(string(d), func() {
			if number != "" && len(number) < 6 {
				set(number + string(d))
			}
		}))
	}
	del := k.keypadKey("⌫", func() {
		if number != "" {
			set(number[:len(number)-1])
		}
	})
	ok := k.button(i18n.T(k.lang, "ok"), func() {
		if len(number) >= 2 {
			k.showCodePad(number)
		}
	})
	ok.Fill = colorNameSuccess
	pad := keyPad(theme.SizeNameHeadingText, letters, digits[:5], digits[5:], []fyne.CanvasObject{del, ok})
	k.setBody(ScreenKeypad, k.padScreen(k.padTitle(i18n.T(k.lang, "rate.enter")), shown, pad, k.secondary(i18n.T(k.lang, "back"), k.goHome)),
		func() { k.keypad(number) })
}

// showCodePad asks for the rating code printed on the ticket: with the
// number, it shows the citizen holds the paper, so nobody can rate a number
// seen on the board before its owner does.
func (k *Kiosk) showCodePad(number string) { k.codePad(number, "") }

// codePad is the code pad with code already typed (see keypad).
func (k *Kiosk) codePad(number, code string) {
	shown, show := k.typedDisplay()
	set := func(s string) { code = s; show(s) }
	show(code)
	var digits []fyne.CanvasObject
	for _, d := range "1234567890" {
		digits = append(digits, k.keypadKey(string(d), func() {
			if len(code) < codeDigits {
				set(code + string(d))
			}
		}))
	}
	del := k.keypadKey("⌫", func() {
		if code != "" {
			set(code[:len(code)-1])
		}
	})
	ok := k.button(i18n.T(k.lang, "ok"), func() {
		if len(code) == codeDigits {
			k.checkRating(number, code)
		}
	})
	ok.Fill = colorNameSuccess
	pad := keyPad(theme.SizeNameHeadingText, digits[:5], digits[5:], []fyne.CanvasObject{del, ok})
	k.setBody(ScreenCode, k.padScreen(k.padTitle(i18n.F(k.lang, "rate.code", number)), shown, pad, k.secondary(i18n.T(k.lang, "back"), k.showKeypad)),
		func() { k.codePad(number, code) })
}

// checkRating asks the server, while the citizen waits a moment, whether
// the number and code may be rated (POST /ratings/check), so that a typo,
// an unserved or already rated ticket is told now, not after the citizen
// has picked a face and a reason. The faces come only on a yes.
func (k *Kiosk) checkRating(number, code string) {
	k.setBody(ScreenChecking, centredText(i18n.F(k.lang, "rate.checking", number), sizeNameTitle, theme.ColorNamePrimary), nil)
	k.wg.Add(1)
	go func() {
		defer k.wg.Done()
		ctx, cancel := context.WithTimeout(k.ctx, 10*time.Second)
		defer cancel()
		rc, err := k.opt.Client.CheckRating(ctx, contract.RatingCheckRequest{Ticket: number, Code: code})
		k.ui(func() {
			if k.screen == ScreenChecking { // not if the citizen has gone meanwhile
				k.checked(number, code, rc, err)
			}
		})
	}()
}

// checked shows the faces for a ticket the server will take a rating of,
// or says what is wrong with the way on: type the code or the number
// again, or go home (come back after service, rate at the counter).
func (k *Kiosk) checked(number, code string, rc contract.RatingCheck, err error) {
	if err == nil {
		k.showRate(rateTarget{Number: rc.Number, Code: code, Counter: rc.Counter, Procedure: rc.ProcedureName})
		return
	}
	again := func() { k.checked(number, code, rc, err) } // redraws in another language
	recode := k.secondary(i18n.T(k.lang, "rate.recode"), func() { k.showCodePad(number) })
	renumber := k.secondary(i18n.T(k.lang, "rate.renumber"), k.showKeypad)
	switch client.Code(err) {
	case contract.CodeRatingNotAllowed, contract.CodeInvalid:
		k.showRateProblem(again, i18n.T(k.lang, "rate.badcode"), colorNameDanger, recode, renumber)
	case contract.CodeLocked:
		k.showRateProblem(again, i18n.F(k.lang, "rate.locked", number), colorNameDanger)
	case contract.CodeNotFound:
		k.showRateProblem(again, i18n.F(k.lang, "rate.nonumber", number), colorNameDanger, renumber)
	case contract.CodeConflict:
		k.showRateProblem(again, i18n.F(k.lang, "rate.notdone", number), colorNameWarn)
	case contract.CodeAlreadyRated:
		k.showRateProblem(again, i18n.F(k.lang, "rate.rated", number), colorNameWarn)
	default: // server out of reach or failing: the same check again
		k.opt.Log.Warn("kiosk: rating check failed", "number", number, "err", err)
		k.showError(i18n.T(k.lang, "rate.checkfail"), func() { k.checkRating(number, code) })
	}
}

// showRateProblem says why the ticket cannot be rated here, with the ways
// on that can help and always the way home.
func (k *Kiosk) showRateProblem(render func(), msg string, col fyne.ThemeColorName, ways ...*touch.Tile) {
	bottom := []fyne.CanvasObject{k.secondary(i18n.T(k.lang, "home"), k.goHome)}
	for _, w := range ways {
		bottom = append(bottom, w)
	}
	k.setBody(ScreenError, screenWith(nil, centredText(msg, theme.SizeNameHeadingText, col), bottom...), render)
}

// padScreen lays out a screen of keys: the title, what was typed, the
// keys and the way back. A short landscape screen puts the keys on the
// right half and the rest on the left, instead of stacking rows of keys
// under the title until the last ones fall off the window.
func (k *Kiosk) padScreen(title, shown, pad, back fyne.CanvasObject) fyne.CanvasObject {
	if c := k.win.Canvas().Size(); k.short() && c.Width > c.Height {
		left := container.NewBorder(title, back, nil, nil, centred(shown))
		return container.NewPadded(container.NewGridWithColumns(2, left, pad))
	}
	return screenWith(title, container.NewBorder(shown, nil, nil, nil, pad), back)
}

// padTitle is a key screen's title: a heading, a size smaller when the
// screen is short and the title shares half of it with what was typed.
func (k *Kiosk) padTitle(s string) fyne.CanvasObject {
	if k.short() {
		return subheading(s)
	}
	return heading(s)
}

// codeDigits is the length of the rating code printed on a ticket.
const codeDigits = 6

// typedDisplay is what a keypad has typed, in large type above its keys,
// with the function that shows a new value.
func (k *Kiosk) typedDisplay() (*canvas.Text, func(string)) {
	shown := canvas.NewText("", colBlue)
	shown.TextSize = theme.Size(sizeNameTitle) * 1.5
	if k.short() {
		shown.TextSize = theme.Size(sizeNameTitle)
	}
	shown.TextStyle.Bold = true
	shown.Alignment = fyne.TextAlignCenter
	return shown, func(s string) { shown.Text = s; shown.Refresh() }
}

func (k *Kiosk) keypadKey(label string, fn func()) *touch.Tile {
	t := k.button(label, fn)
	t.TextSize = theme.SizeNameHeadingText
	return t
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }
