// Package announce reads queue-ticket calls aloud on the waiting-room board.
//
// A citizen who is not looking at the screen must still hear that their
// number is called, so every call becomes a chime followed by a Vietnamese
// sentence ("Xin mời công dân có số thứ tự bê không không bảy đến quầy số
// ba"), spoken the configured number of times. The package is split so that
// each part can be tested without a sound card:
//
//   - Reader turns numbers and tickets into Vietnamese words (pure functions).
//   - Announcer queues calls and plays them strictly one at a time, in
//     arrival order, through a Player, asking a Synth for the speech.
//   - Chime and the WAV helpers make and carry PCM audio in plain Go.
//   - EspeakSynth speaks through the espeak-ng program when it is installed.
//   - OtoPlayer sends audio to the sound card; it is compiled only with the
//     build tag "oto" (cgo and libasound2-dev on Linux), so ordinary builds and
//     tests never need ALSA headers. Without the tag NewOtoPlayer reports
//     ErrNoAudioOutput and the board stays silent.
//
// The kiosk's "Đọc cho tôi nghe" button speaks through the same Reader,
// EspeakSynth and OtoPlayer (see motcua/kiosk/speech), so a citizen hears
// numbers read the same way at the kiosk and from the board. Nothing here
// may import Fyne or the kiosk.
//
// The package depends on motcua/server/contract only for the settings and
// call types the server publishes; it knows nothing of Fyne.
package announce
