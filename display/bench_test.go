package display

import (
	"context"
	"slices"
	"testing"
	"time"

	"motcua/display/live"
)

// BenchmarkCallToBoardAndAnnounce measures, on loopback against a real
// in-process server, the time from a counter's call request to (1) the
// board's model holding the call and (2) the announcer starting the chime
// (the fake player's first Play). The request's own round trip is
// included, so the figures are upper bounds of "committed → updated".
func BenchmarkCallToBoardAndAnnounce(b *testing.B) {
	r := newRig(b)
	seen := make(chan string, 16)
	r.d.OnChange = func(v live.Board, ch live.Change) {
		for _, c := range ch.Announce {
			seen <- c.Number
		}
	}
	chimes := make(chan time.Time, 1024)
	r.player.onPlay = func(at time.Time, n int) {
		if n%3 == 1 { // chime, speech, speech: every third play is a chime
			chimes <- at
		}
	}
	r.run(b)
	ctx := context.Background()
	var toModel, toAudio []float64
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		n := i%5 + 1
		if _, err := r.srv.Kiosk().Issue(ctx, counterProcedures[n], ""); err != nil {
			b.Fatal(err)
		}
		if i >= 5 {
			if _, err := r.staff.Finish(ctx, n); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		start := time.Now()
		tk, err := r.staff.CallNext(ctx, n)
		if err != nil {
			b.Fatal(err)
		}
		for got := ""; got != tk.Number; {
			got = <-seen
		}
		toModel = append(toModel, ms(time.Since(start)))
		toAudio = append(toAudio, ms((<-chimes).Sub(start)))
	}
	b.StopTimer()
	b.ReportMetric(percentile(toModel, 50), "model-p50-ms")
	b.ReportMetric(percentile(toModel, 99), "model-p99-ms")
	b.ReportMetric(percentile(toAudio, 50), "audio-p50-ms")
	b.ReportMetric(percentile(toAudio, 99), "audio-p99-ms")
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func percentile(xs []float64, p int) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)]
}
