package kiosk

import (
	"testing"
	"time"

	"motcua/server/servertest"
)

// BenchmarkTapToTicket measures what a citizen waits for: from the tap on
// "Không – lấy số thường" (the tap that takes the ticket) to the ticket's
// number drawn on screen, with the Fyne test driver and a real server on
// loopback. Reaching the priority screen is not timed. The screen is
// polled every 200 µs, which bounds the error of the figure.
func BenchmarkTapToTicket(b *testing.B) {
	srv := servertest.New(b)
	k := startKiosk(b, srv, Options{Idle: time.Hour})
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		k.Do(k.goHome)
		tapText(b, k, "Lấy số thứ tự")
		waitScreen(b, k, ScreenPriority)
		b.StartTimer()
		tapText(b, k, "Không – lấy số thường")
		deadline := time.Now().Add(10 * time.Second)
		for !ticketShown(k) {
			if time.Now().After(deadline) {
				b.Fatalf("no ticket on screen after 10 s (screen %q)", k.Screen())
			}
			time.Sleep(200 * time.Microsecond)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}

// ticketShown tells whether the ticket screen shows the issued number.
func ticketShown(k *Kiosk) bool {
	ok := false
	k.Do(func() { ok = k.screen == ScreenTicket && k.ticket != nil && shows(k, k.ticket.Number) })
	return ok
}
