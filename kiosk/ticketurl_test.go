package kiosk

import (
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/canvas"

	"motcua/kiosk/printer"
	"motcua/kiosk/printer/printertest"
	"motcua/server/client"
	"motcua/server/contract"
	"motcua/server/servertest"
)

// TestTicketURLPrecedence: the QR address is the centre's public address
// when the administrator set one, else the kiosk's -ticket-url, else the
// server address, on screen and on paper alike.
func TestTicketURLPrecedence(t *testing.T) {
	k, cat := offlineKiosk(t) // server address: fixedURL
	p, _ := cat.Procedure("2.000815")
	flagged, err := client.New(fixedURL, "none", client.WithTicketURL("http://10.9.8.7:8080/"))
	if err != nil {
		t.Fatal(err)
	}
	id := goldenTicket.ID
	for _, c := range []struct {
		name   string
		public string
		c      *client.Client
		want   string
	}{
		{"server address", "", k.opt.Client, fixedURL + "/t/" + id},
		{"kiosk flag", "", flagged, "http://10.9.8.7:8080/t/" + id},
		{"centre setting over the flag", "https://hang-doi.giavien.vn", flagged, "https://hang-doi.giavien.vn/t/" + id},
		{"centre setting over the server", "http://192.168.1.20", k.opt.Client, "http://192.168.1.20/t/" + id},
	} {
		k.Do(func() {
			k.opt.Client, k.centre.PublicURL = c.c, c.public
			if got := k.ticketURL(id); got != c.want {
				t.Errorf("%s: QR address %q, want %q", c.name, got, c.want)
			}
			if got := k.Layout(goldenTicket, p, "vi").QRURL; got != c.want {
				t.Errorf("%s: printed QR address %q, want %q", c.name, got, c.want)
			}
		})
	}
}

// TestTicketQRFollowsCentreSetting runs the real flow: a kiosk started
// with -ticket-url prints that address; once the administrator sets the
// centre's public address, settings.changed reaches the running kiosk and
// the next ticket carries the public address, in the QR code on the screen
// and in the one printed (both read back with zbarimg).
func TestTicketQRFollowsCentreSetting(t *testing.T) {
	if _, err := exec.LookPath("zbarimg"); err != nil {
		t.Skip("zbarimg is not installed (apt-get install -y zbar-tools)")
	}
	srv := servertest.New(t)
	prn := printertest.NewServer(t)
	c, err := client.New(srv.URL, srv.KioskToken, client.WithTicketURL("http://10.9.8.7:8080"))
	if err != nil {
		t.Fatal(err)
	}
	k := startKiosk(t, srv, Options{Client: c, Printer: &printer.TCPPrinter{Addr: prn.Addr()}, Paper: printer.Paper58})

	first := takeCommonTicket(t, k)
	checkQR(t, k, prn, 1, "http://10.9.8.7:8080/t/"+first.ID)

	const public = "http://192.168.1.20:8080"
	s := srv.Engine.Settings()
	s.PublicURL = public + "/"
	if err := srv.Admin().Do(context.Background(), "PUT", "/settings", s, nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, k, "the new public address", func() bool { return k.centre.PublicURL == public })
	k.Do(k.endVisit)
	second := takeCommonTicket(t, k)
	checkQR(t, k, prn, 2, public+"/t/"+second.ID)
}

// takeCommonTicket takes a normal ticket from the home screen's common
// list and waits until it is printed.
func takeCommonTicket(t *testing.T, k *Kiosk) contract.Ticket {
	t.Helper()
	waitScreen(t, k, ScreenHome)
	tapText(t, k, "Lấy số thứ tự")
	tapText(t, k, "Không – lấy số thường")
	waitScreen(t, k, ScreenTicket)
	waitFor(t, k, "printed", func() bool { return k.printStatus == "Mời Ông/Bà nhận phiếu ở khe bên dưới." })
	return *k.Ticket()
}

// checkQR reads the QR code on the screen and on the jobs-th printed
// ticket and compares both with want.
func checkQR(t *testing.T, k *Kiosk, prn *printertest.Server, jobs int, want string) {
	t.Helper()
	var shown image.Image
	k.Do(func() {
		for _, o := range objects(k) {
			if img, ok := o.(*canvas.Image); ok && img.Image != nil && img.Visible() {
				shown = img.Image
			}
		}
	})
	if shown == nil {
		t.Fatal("no QR code on the ticket screen")
	}
	if got := zbar(t, shown); got != want {
		t.Errorf("screen QR code reads %q, want %q", got, want)
	}
	var got []byte
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if all := prn.Jobs(); len(all) >= jobs {
			got = all[jobs-1]
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got == nil {
		t.Fatalf("ticket %d was not printed", jobs)
	}
	paper, _, err := printer.Decode(got)
	if err != nil {
		t.Fatal(err)
	}
	if got := zbar(t, paper); got != want {
		t.Errorf("printed QR code reads %q, want %q", got, want)
	}
}

// zbar decodes the one QR code in img with zbarimg.
func zbar(t *testing.T, img image.Image) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "qr.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	f.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", path).Output()
	if err != nil {
		t.Fatalf("zbarimg found no QR code in %s: %v", path, err)
	}
	return strings.TrimSpace(string(out))
}
