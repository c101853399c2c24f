package kiosk

import (
	"context"

	"fyne.io/fyne/v2"

	"motcua/kiosk/i18n"
	"motcua/kiosk/speech"
	"motcua/server/contract"
)

// Speaker reads a sentence aloud. The kiosk's is espeak-ng's Vietnamese
// voice on the sound card (speech.Voice); tests give a recording fake.
type Speaker interface {
	// Speak returns once text has been said, or as soon as ctx is done:
	// the citizen tapped again, left the screen, or the kiosk is closing.
	Speak(ctx context.Context, text string) error
}

// speaking is the sentence being read: how to stop it, and when it has
// stopped, so the next one never talks over it.
type speaking struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// speakButton is "Đọc cho tôi nghe", which reads text aloud; nil when the
// kiosk has no voice, so there is never a button that cannot speak. The
// label follows the screen's language; the voice is always Vietnamese.
func (k *Kiosk) speakButton(text string) fyne.CanvasObject {
	if k.opt.Speaker == nil {
		return nil
	}
	return k.secondary(i18n.T(k.lang, "speak.button"), func() { k.speak(text) })
}

// withSpeak appends the speak button to a screen's bottom row when there
// is one.
func (k *Kiosk) withSpeak(bottom []fyne.CanvasObject, text string) []fyne.CanvasObject {
	if b := k.speakButton(text); b != nil {
		return append(bottom, b)
	}
	return bottom
}

// speak reads text aloud off the UI thread. A tap while a sentence is
// being read stops it and starts again from the beginning: someone who
// missed a word taps again. Speech ends with the kiosk (k.ctx, k.wg).
func (k *Kiosk) speak(text string) {
	prev := k.speech.done
	k.stopSpeech()
	ctx, cancel := context.WithCancel(k.ctx)
	done := make(chan struct{})
	k.speech = speaking{cancel: cancel, done: done}
	speaker, log := k.opt.Speaker, k.opt.Log
	k.wg.Add(1)
	go func() {
		defer k.wg.Done()
		defer close(done)
		defer cancel()
		if prev != nil { // the sentence cut short must have fallen silent
			select {
			case <-prev:
			case <-ctx.Done():
				return
			}
		}
		if err := speaker.Speak(ctx, text); err != nil && ctx.Err() == nil {
			log.Warn("kiosk: cannot read aloud", "err", err)
		}
	}()
}

// stopSpeech cuts short the sentence being read, if any. It runs whenever
// the screen changes (setBody), so a citizen never hears about a screen
// they have left, and the next citizen never hears the last one's ticket.
func (k *Kiosk) stopSpeech() {
	if k.speech.cancel != nil {
		k.speech.cancel()
	}
	k.speech.cancel = nil // done stays: the next sentence waits for it
}

// detailSpeech and ticketSpeech are what the two screens read aloud; the
// detail reads the fee rules in force today, as the screen shows them.
func (k *Kiosk) detailSpeech(p contract.Procedure) string {
	if len(p.Fees) > 0 {
		p.Fees = contract.FeesInForce(p.Fees, contract.ServiceDay(k.now(), k.opt.Location), contract.ChannelAny)
	}
	return speech.Detail(p)
}

func (k *Kiosk) ticketSpeech(tk contract.Ticket, p contract.Procedure) string {
	return speech.Ticket(tk, p, k.cat.CountersFor(tk.Queue))
}
