# tamix — build, run and test. See README.md.

BOARD ?= virt
TAMAGO ?= $(HOME)/.cache/tamago-go/tamago-go1.26.0/bin/go
GO ?= go
OUT := out/$(BOARD)

# The kernel links at the kernel window's RAM linear map: the Image's
# header page at 0xC0080000, text right after it (docs/boot.md).
IMAGE_BASE := 0xC0080000
LDFLAGS := -T 0xC0081000 -R 0x1000

QEMU ?= qemu-system-aarch64
QEMU_virt := -M virt -cpu cortex-a53 -m 1G -nic none -device virtio-rng-device
QEMU_raspi3b := -M raspi3b -dtb firmware/raspberrypi/bcm2837-rpi-3-b.dtb
APPEND ?= console=ttyAMA0

.PHONY: kernel run test host-test boot-test kernels oracle-deps initramfs bench clean check-tamago

kernel: $(OUT)/Image

check-tamago:
	@test -x $(TAMAGO) || { echo "TamaGo compiler not found at $(TAMAGO)."; \
	  echo "Run 'go tool tamago version' once with access to GitHub: it builds tamago-go1.26.0 there (docs/build.md)."; exit 1; }

$(OUT)/tamix.elf: check-tamago FORCE
	@mkdir -p $(OUT)
	@# GOOSPKG is resolved from the module cache before anything is
	@# downloaded, so a fresh machine fetches the modules first.
	$(GO) mod download
	GOOS=tamago GOARCH=arm64 GOOSPKG=github.com/usbarmory/tamago $(TAMAGO) build \
	  -tags board_$(BOARD) -trimpath -ldflags "$(LDFLAGS)" -o $@ ./kernel/cmd/tamix

$(OUT)/Image: $(OUT)/tamix.elf
	$(GO) run ./firmware/cmd/mkimage -base $(IMAGE_BASE) -o $@ $<

# The initramfs `make run` boots: Debian's busybox-static and an /init
# that starts an interactive shell (firmware/initramfs/init).
initramfs: oracle-deps
	$(GO) run ./firmware/cmd/mkinitramfs -busybox out/debs/busybox -init firmware/initramfs/init -o out/initramfs.cpio.gz

run: kernel initramfs
	$(QEMU) $(QEMU_$(BOARD)) -nographic -no-reboot -kernel $(OUT)/Image -initrd out/initramfs.cpio.gz -append "$(APPEND)"

kernels:
	$(MAKE) kernel BOARD=virt
	$(MAKE) kernel BOARD=raspi3b

host-test:
	$(GO) vet ./...
	$(GO) test ./...

boot-test: kernels
	TAMIX_OUT=$(CURDIR)/out $(GO) test -count=1 -v ./tests/boot/

# Debian's arm64 kernel and busybox-static: the Linux the tests compare with.
oracle-deps:
	tests/oracle/fetch-debs $(CURDIR)/out/debs

# tamix/Linux ratios of the micro-benchmarks in the same QEMU (docs/benchmarks.md).
bench: kernels oracle-deps
	TAMIX_OUT=$(CURDIR)/out TAMIX_BENCH=1 $(GO) test -count=1 -v -run Bench ./tests/diff

test: kernels oracle-deps initramfs
	$(GO) vet ./...
	TAMIX_OUT=$(CURDIR)/out $(GO) test -count=1 ./...

clean:
	rm -rf out

FORCE:
