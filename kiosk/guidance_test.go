package kiosk

import (
	"image"
	"os/exec"
	"testing"

	"fyne.io/fyne/v2/canvas"
)

// TestDetailQRPointsToPublicPage: the detail screen's QR code (read back
// with zbarimg) opens the centre's own page of the procedure once the
// centre has a public address, and the national portal's guidance before.
func TestDetailQRPointsToPublicPage(t *testing.T) {
	if _, err := exec.LookPath("zbarimg"); err != nil {
		t.Skip("zbarimg is not installed (apt-get install -y zbar-tools)")
	}
	k, cat := offlineKiosk(t)
	p, ok := cat.Procedure("2.000815")
	if !ok || p.GuidanceURL == "" {
		t.Fatal("2.000815 with its portal guidance is not in the default catalogue")
	}
	for _, c := range []struct{ public, want string }{
		{"", p.GuidanceURL},
		{"http://192.168.1.20:8080", "http://192.168.1.20:8080/p/2.000815"},
	} {
		var shown image.Image
		k.Do(func() {
			k.centre.PublicURL = c.public
			k.showDetail(p)
			for _, o := range objects(k) {
				if img, ok := o.(*canvas.Image); ok && img.Image != nil && img.Visible() {
					shown = img.Image
				}
			}
		})
		if shown == nil {
			t.Fatalf("public URL %q: no QR code on the detail screen", c.public)
		}
		if got := zbar(t, shown); got != c.want {
			t.Errorf("public URL %q: QR reads %q, want %q", c.public, got, c.want)
		}
	}
	if got := procedureQR("https://hang-doi.giavien.vn/", p); got != "https://hang-doi.giavien.vn/p/2.000815" {
		t.Errorf("trailing slash: %q", got)
	}
}
