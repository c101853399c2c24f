package kiosk

import (
	"context"
	"crypto/subtle"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"motcua/kiosk/i18n"
	"motcua/server/client"
	"motcua/server/contract"
)

// showAdmin is the PIN pad that guards the exit. Without a configured PIN
// there is no way out from the screen: the kiosk is stopped by its service
// manager instead.
func (k *Kiosk) showAdmin() {
	pin := ""
	shown := canvas.NewText("", colInk)
	shown.TextSize = theme.Size(sizeNameTitle)
	shown.Alignment = fyne.TextAlignCenter
	// A canvas.Text keeps its height while empty, so the keys do not jump
	// when the "wrong PIN" message appears.
	msg := canvas.NewText("", colRed)
	msg.TextSize = theme.Size(theme.SizeNameSubHeadingText)
	msg.TextStyle.Bold = true
	msg.Alignment = fyne.TextAlignCenter
	set := func(s string) { pin = s; shown.Text = strings.Repeat("●", len(s)); shown.Refresh() }
	var keys []fyne.CanvasObject
	for _, d := range "1234567890" {
		keys = append(keys, k.keypadKey(string(d), func() {
			if len(pin) < 12 {
				set(pin + string(d))
			}
		}))
	}
	ok := k.button(i18n.T(k.lang, "ok"), func() {
		if k.opt.AdminPIN != "" && subtle.ConstantTimeCompare([]byte(pin), []byte(k.opt.AdminPIN)) == 1 {
			k.opt.Log.Info("kiosk: exit with the admin PIN")
			k.opt.OnExit()
			return
		}
		set("")
		msg.Text = i18n.T(k.lang, "admin.wrong")
		msg.Refresh()
	})
	pad := keyPad(theme.SizeNameHeadingText, keys[:5], keys[5:], []fyne.CanvasObject{ok})
	k.setBody(ScreenAdmin, k.padScreen(k.padTitle(i18n.T(k.lang, "admin.title")), container.NewVBox(shown, msg), pad, k.secondary(i18n.T(k.lang, "cancel"), k.goHome)), nil)
}

// askHelp sends a help request and tells the citizen someone is coming;
// the message stays over the current screen so they do not lose their place.
func (k *Kiosk) askHelp() {
	if !k.online {
		// Kept and sent when the link returns; meanwhile the citizen is
		// told to go to the desk, since nobody has been told yet.
		k.helpPending = true
		k.showHelpMessage(i18n.T(k.lang, "help.queued"), i18n.T(k.lang, "help.desk"), colorNameWarn)
		return
	}
	k.sendHelp(k.lang)
}

// sendHelp sends one help request and shows the answer in lang.
func (k *Kiosk) sendHelp(lang string) {
	k.wg.Add(1)
	go func() {
		defer k.wg.Done()
		ctx, cancel := context.WithTimeout(k.ctx, 10*time.Second)
		defer cancel()
		_, err := k.opt.Client.Help(ctx)
		k.ui(func() { k.showHelpSent(lang, err) })
	}()
}

// HelpSent tells whether the last help request reached the server.
func (k *Kiosk) HelpSent() bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.helpSent
}

func (k *Kiosk) showHelpSent(lang string, err error) {
	if client.Code(err) == contract.CodeRateLimited {
		// Only many taps in a row are refused, and the first of them is
		// open on the staff consoles: to the citizen, help is coming.
		err = nil
	}
	k.helpSent = err == nil
	title, sub, col := i18n.T(lang, "help.sent"), i18n.T(lang, "help.wait"), fyne.ThemeColorName(colorNameSuccess)
	if err != nil {
		k.opt.Log.Warn("kiosk: help request failed", "err", err)
		title, sub, col = i18n.T(lang, "help.failed"), "", colorNameDanger
	}
	k.showHelpMessage(title, sub, col)
}

// showHelpMessage shows what became of a help request over the current
// screen, so the citizen does not lose their place.
func (k *Kiosk) showHelpMessage(title, sub string, col fyne.ThemeColorName) {
	lang := k.lang
	var pop *widget.PopUp
	ok := k.button(i18n.T(lang, "ok"), func() { pop.Hide() })
	content := container.NewVBox(styled(title, theme.SizeNameHeadingText, col, true), para(sub), ok)
	pop = widget.NewModalPopUp(container.NewPadded(content), k.win.Canvas())
	pop.Resize(fyne.NewSize(900, 0))
	pop.Show()
	time.AfterFunc(15*time.Second, func() { k.ui(pop.Hide) })
}
