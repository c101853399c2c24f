package printer_test

import (
	"bytes"
	"context"
	"flag"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"motcua/kiosk/printer"
	"motcua/kiosk/printer/printertest"
)

var update = flag.Bool("update", false, "rewrite the golden PNGs in testdata/")

// sample is an ordinary ticket as the kiosk would print it in Vietnamese.
func sample() printer.TicketLayout {
	return printer.TicketLayout{
		Centre:         []string{"UBND PHƯỜNG HÒA BÌNH", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"},
		Heading:        "SỐ THỨ TỰ",
		Number:         "B007",
		Procedure:      "Chứng thực bản sao từ bản chính – Đặng Ưởng",
		Queue:          "Hàng B – Quầy 3, 4",
		Issued:         "In lúc 09:41 – Thứ Tư, 25/11/2026",
		Position:       "Có 5 người đang chờ trước Ông/Bà",
		Wait:           "Thời gian chờ dự kiến: khoảng 25 phút",
		QRURL:          "https://motcua.hoabinh.gov.vn/t/3f9a1c2e7b5d4a60918e2c4b7d1f0a35",
		QRCaption:      "Quét mã để theo dõi lượt của Ông/Bà",
		DocumentsTitle: "Giấy tờ cần chuẩn bị",
		Documents: []string{
			"Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao",
			"Bản sao cần chứng thực",
			"Căn cước hoặc căn cước công dân (xuất trình)",
		},
		SameDay: "Thứ Tư: nhận hồ sơ và trả kết quả trong ngày",
		Footer:  []string{"Vui lòng giữ phiếu đến khi được gọi số.", "Xin cảm ơn!"},
	}
}

// stress is a worst case: decomposed input, a priority bar, a word too long
// for any line, a five-character number and an English footer.
func stress() printer.TicketLayout {
	t := sample()
	t.Centre = []string{"ỦY BAN NHÂN DÂN PHƯỜNG ĐẶNG ƯỞNG – THÀNH PHỐ HẢI PHÒNG"}
	t.Number = "A1024"
	t.Procedure = "Chu\u031B\u0301ng thu\u031B\u0323c ba\u0309n sao tu\u031B\u0300 ba\u0309n chi\u0301nh – Đa\u0306\u0323ng U\u031Bo\u031B\u0309ng"
	t.Priority = "ƯU TIÊN: THƯƠNG BINH, NGƯỜI CÓ CÔNG VỚI CÁCH MẠNG"
	t.Wait = ""
	t.Documents = append(t.Documents, "Mã hồ sơ: H31.42-251125-000123/2026/CT-UBND-HOABINH-MOTCUA")
	t.Footer = []string{"Please keep this ticket until your number is called.", "Tổng đài hỗ trợ: 1900 1234 – Ẩm ướt? Ỷ lại? Ỗ Ữ Ỡ Ặ Ậ Ẫ Ễ Ộ Ợ Ự Ỵ"}
	return t
}

var goldens = []struct {
	name   string
	layout func() printer.TicketLayout
	paper  printer.Paper
}{
	{"ticket_58mm", sample, printer.Paper58},
	{"ticket_80mm", sample, printer.Paper80},
	{"stress_58mm", stress, printer.Paper58},
}

// TestGoldenThroughTCP renders each golden ticket, encodes it, prints it
// through TCPPrinter to the fake printer, decodes what the printer received
// and compares that with testdata/<name>.png pixel for pixel.
func TestGoldenThroughTCP(t *testing.T) {
	for _, g := range goldens {
		t.Run(g.name, func(t *testing.T) {
			img := printer.Render(g.layout(), g.paper)
			srv := printertest.NewServer(t)
			p := &printer.TCPPrinter{Addr: srv.Addr()}
			if err := p.Print(context.Background(), printer.Encode(img, printer.EncodeOptions{})); err != nil {
				t.Fatal(err)
			}
			srv.Close()
			jobs := srv.Jobs()
			if len(jobs) != 1 {
				t.Fatalf("printer got %d jobs, want 1", len(jobs))
			}
			got, cmds, err := printer.Decode(jobs[0])
			if err != nil {
				t.Fatal(err)
			}
			checkCommands(t, cmds, img.Bounds().Dy())
			if !sameBits(got, img) {
				t.Error("decoded job differs from the rendered ticket")
			}
			compareGolden(t, g.name, got)
		})
	}
}

// checkCommands wants init, bands of at most DefaultBandRows covering every
// row, the default feed and a partial cut, in that order.
func checkCommands(t *testing.T, cmds []printer.Command, rows int) {
	t.Helper()
	if len(cmds) < 4 || cmds[0].Kind != printer.CmdInit {
		t.Fatalf("commands %v: want init first", cmds)
	}
	total := 0
	for _, c := range cmds[1 : len(cmds)-2] {
		if c.Kind != printer.CmdRaster || c.Height > printer.DefaultBandRows {
			t.Errorf("unexpected %v (%d rows) among the bands", c.Kind, c.Height)
		}
		total += c.Height
	}
	if total != rows {
		t.Errorf("bands cover %d rows, image has %d", total, rows)
	}
	feed, cut := cmds[len(cmds)-2], cmds[len(cmds)-1]
	if feed != (printer.Command{Kind: printer.CmdFeed, N: printer.DefaultFeedLines}) ||
		cut != (printer.Command{Kind: printer.CmdCut, Partial: true}) {
		t.Errorf("job ends with %+v, %+v; want feed %d and partial cut", feed, cut, printer.DefaultFeedLines)
	}
}

func compareGolden(t *testing.T, name string, got image.Image) {
	t.Helper()
	path := filepath.Join("testdata", name+".png")
	if *update {
		writePNG(t, path, got)
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if !sameBits(got, want) {
		out := filepath.Join(t.ArtifactDir(), name+".png")
		writePNG(t, out, got)
		t.Errorf("ticket differs from %s; got saved as %s (go test -update accepts it)", path, out)
	}
}

// writePNG stores a 1-bit PNG: black and white is all a ticket has.
func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	pal := image.NewPaletted(img.Bounds(), color.Palette{color.Black, color.White})
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if !black(img, x, y) {
				pal.SetColorIndex(x, y, 1)
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, pal); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// sameBits compares two images after thresholding, the only way a printer
// sees them.
func sameBits(a, b image.Image) bool {
	if a == nil || b == nil || a.Bounds().Size() != b.Bounds().Size() {
		return false
	}
	ra, rb := a.Bounds(), b.Bounds()
	for y := 0; y < ra.Dy(); y++ {
		for x := 0; x < ra.Dx(); x++ {
			if black(a, ra.Min.X+x, ra.Min.Y+y) != black(b, rb.Min.X+x, rb.Min.Y+y) {
				return false
			}
		}
	}
	return true
}

func black(img image.Image, x, y int) bool {
	return color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y < 128
}
