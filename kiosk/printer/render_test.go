package printer

import (
	"image"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestComposeVietnamese(t *testing.T) {
	cases := map[string]string{
		"U\u031Bo\u031B\u0309ng":  "Ưởng",
		"Đa\u0306\u0323ng":        "Đặng",
		"Đa\u0323\u0306ng":        "Đặng", // dot below first, as NFD orders it
		"a\u0323\u0302":           "ậ",
		"A\u0302\u0303":           "Ẫ",
		"chu\u031B\u0301ng":       "chứng",
		"Y\u0309":                 "Ỷ",
		"d\u0335":                 "đ",
		"D\u0335a\u0323\u0306ng":  "Đặng",
		"Tie\u0302\u0301n":        "Tiến",
		"Ưởng":                    "Ưởng",    // already composed
		"x\u0301":                 "x\u0301", // no such letter: keep the mark
		"a\u0301\u0300":           "á\u0300", // two tones: keep the second
		"tab\there\x00\nnew line": "tabhere\nnew line",
	}
	for in, want := range cases {
		if got := composeVietnamese(in); got != want {
			t.Errorf("composeVietnamese(%+q) = %+q, want %+q", in, got, want)
		}
	}
}

func TestRenderDecomposedSameAsComposed(t *testing.T) {
	nfc := TicketLayout{Number: "B007", Procedure: "Chứng thực bản sao từ bản chính – Đặng Ưởng"}
	nfd := TicketLayout{Number: "B007", Procedure: "Chu\u031B\u0301ng thu\u031B\u0323c ba\u0309n sao tu\u031B\u0300 ba\u0309n chi\u0301nh – Đa\u0306\u0323ng U\u031Bo\u031B\u0309ng"}
	if a, b := Render(nfc, Paper58), Render(nfd, Paper58); !samePix(a, b) {
		t.Error("decomposed text renders differently from precomposed text")
	}
}

// TestWrapFits checks the wrapping promise on random text: no line wider
// than the limit, no word lost or reordered.
func TestWrapFits(t *testing.T) {
	f := newFace(loadFonts().regular, 20)
	words := strings.Fields("Chứng thực bản sao từ bản chính Đặng Ưởng ĐĂNGKÝKHAISINHCHOTRẺEMSINHRATẠIVIỆTNAM a – 0123456789")
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 300; i++ {
		var in []string
		for n := rng.IntN(12) + 1; n > 0; n-- {
			in = append(in, words[rng.IntN(len(words))])
		}
		maxW := float64(40 + rng.IntN(400))
		lines := wrap(f, strings.Join(in, " "), maxW)
		checkLines(t, f, lines, in, maxW)
		balanced := balancedWrap(f, strings.Join(in, " "), maxW)
		checkLines(t, f, balanced, in, maxW)
		if len(balanced) != len(lines) {
			t.Fatalf("balanced wrap has %d lines, plain %d", len(balanced), len(lines))
		}
	}
}

func checkLines(t *testing.T, f face, lines, words []string, maxW float64) {
	t.Helper()
	for _, l := range lines {
		if w := f.width(l); w > maxW && len([]rune(l)) > 1 {
			t.Fatalf("line %q is %.1f dots wide, limit %.1f", l, w, maxW)
		}
	}
	if got, want := strings.Join(lines, ""), strings.Join(words, ""); strings.ReplaceAll(got, " ", "") != want {
		t.Fatalf("wrap lost text: %q from %q", lines, words)
	}
}

func TestBalancedWrapAvoidsWidow(t *testing.T) {
	f := newFace(loadFonts().bold, 21*1.25)
	s := "Chứng thực bản sao từ bản chính – Đặng Ưởng"
	lines := balancedWrap(f, s, 576-2*8)
	if len(lines) != 2 || len(strings.Fields(lines[1])) < 3 {
		t.Errorf("balancedWrap = %q, want two even lines", lines)
	}
}

func TestRenderOnlyBlackAndWhite(t *testing.T) {
	for _, p := range []Paper{Paper58, Paper80} {
		img := Render(fullLayout(), p)
		if img.Bounds().Dx() != int(p) {
			t.Errorf("width %d, want %d", img.Bounds().Dx(), p)
		}
		for i, v := range img.Pix {
			if v != 0 && v != 255 {
				t.Fatalf("paper %d: pixel %d is grey (%d)", p, i, v)
			}
		}
	}
}

// TestRenderKeepsMargins is the "nothing cut off" promise: with long words,
// long numbers and narrow paper, the side margins stay blank, so no ink was
// pushed past the edge.
func TestRenderKeepsMargins(t *testing.T) {
	l := fullLayout()
	l.Number = "B0071234"
	l.Procedure = strings.Repeat("ĐĂNGKÝKHAISINH", 8)
	l.Footer = []string{strings.Repeat("W", 200)}
	for _, p := range []Paper{Paper58, Paper80, 200} {
		img := Render(l, p)
		margin := newBuilder(p.Dots()).margin
		for y := 0; y < img.Bounds().Dy(); y++ {
			for _, x := range []int{0, margin - 1, img.Bounds().Dx() - margin, img.Bounds().Dx() - 1} {
				if img.GrayAt(x, y).Y == 0 {
					t.Fatalf("paper %d: ink in the margin at (%d,%d)", p, x, y)
				}
			}
		}
	}
}

// TestNumberHeight checks the queue number fills about numberHeight of the
// paper width, the size that reads from across the waiting hall.
func TestNumberHeight(t *testing.T) {
	for _, p := range []Paper{Paper58, Paper80} {
		b := newBuilder(p.Dots())
		b.bigNumber("B007")
		rows := inkRows(b.image())
		want := int(numberHeight * float64(p))
		if rows < want-4 || rows > want+4 {
			t.Errorf("paper %d: number is %d dots high, want about %d", p, rows, want)
		}
	}
}

func TestRenderEmptyLayout(t *testing.T) {
	img := Render(TicketLayout{}, 0)
	if img.Bounds().Dx() != minPaper || img.Bounds().Dy() < 1 {
		t.Errorf("empty ticket is %v", img.Bounds())
	}
}

func TestRenderOmitsEmptyQR(t *testing.T) {
	with, without := fullLayout(), fullLayout()
	without.QRURL = ""
	if Render(without, Paper58).Bounds().Dy() >= Render(with, Paper58).Bounds().Dy() {
		t.Error("a ticket without a QR URL is not shorter")
	}
}

func fullLayout() TicketLayout {
	return TicketLayout{
		Centre: []string{"UBND PHƯỜNG HÒA BÌNH"}, Heading: "SỐ THỨ TỰ", Number: "B007",
		Procedure: "Chứng thực bản sao từ bản chính", Queue: "Quầy 3", Priority: "ƯU TIÊN",
		Issued: "In lúc 09:41 – Thứ Tư, 25/11/2026", Position: "Có 5 người đang chờ trước Ông/Bà",
		Wait: "khoảng 25 phút", QRURL: "https://example.org/t/0123456789abcdef", QRCaption: "Quét mã",
		DocumentsTitle: "Giấy tờ cần chuẩn bị", Documents: []string{"Bản chính", "Bản sao"},
		SameDay: "Thứ Tư: trả kết quả trong ngày", Footer: []string{"Xin cảm ơn!"},
	}
}

func inkRows(img *image.Gray) int {
	n := 0
	for y := 0; y < img.Bounds().Dy(); y++ {
		for x := 0; x < img.Bounds().Dx(); x++ {
			if img.GrayAt(x, y).Y == 0 {
				n++
				break
			}
		}
	}
	return n
}

func samePix(a, b *image.Gray) bool {
	return a.Bounds() == b.Bounds() && string(a.Pix) == string(b.Pix)
}
