// 自助终端: after a minute without a touch the terminal asks "还需要更多时间吗？" and counts down;
// one tap gives more time, and at zero the session ends (the 结束并退出 form is sent), so the
// next person meets the start screen. The server ends a terminal's session after two idle
// minutes anyway, with or without this script.
(() => {
  const dialog = document.getElementById("kiosk-idle");
  const end = document.getElementById("kiosk-end");
  const left = document.getElementById("kiosk-idle-left");
  const more = document.getElementById("kiosk-more-time");
  if (!dialog || !end || !left || !more) return;
  const idleMs = Number(dialog.dataset.idle) * 1000;
  const countdown = Number(dialog.dataset.countdown);
  let waiting = 0;
  let ticking = 0;
  let told = Date.now();
  // Someone typing a long answer makes no request: the server hears they are there (at most
  // every 30 s), so its two-minute limit never ends a session in use.
  const alive = () => {
    if (Date.now() - told < 30_000) return;
    told = Date.now();
    fetch("/kiosk/alive", { credentials: "same-origin" }).catch(() => {});
  };
  const arm = () => {
    clearTimeout(waiting);
    waiting = setTimeout(ask, idleMs);
  };
  const ask = () => {
    let n = countdown;
    left.textContent = String(n);
    dialog.showModal();
    ticking = setInterval(() => {
      n -= 1;
      left.textContent = String(n);
      if (n <= 0) {
        clearInterval(ticking);
        end.requestSubmit();
      }
    }, 1000);
  };
  more.addEventListener("click", () => {
    clearInterval(ticking);
    dialog.close();
    told = 0;
    alive();
    arm();
  });
  dialog.addEventListener("cancel", (e) => e.preventDefault());
  for (const kind of ["pointerdown", "keydown", "input", "scroll", "touchstart"]) {
    document.addEventListener(kind, () => {
      if (dialog.open) return;
      arm();
      alive();
    }, { capture: true, passive: true });
  }
  arm();
})();

// Signing in with the phone's QR: where the terminal has a camera the browser may use, its
// picture is shown live and one tap sends a still of it (the same form as a photo chosen by the
// file input, which stays for terminals without one). The camera stops once the still is taken.
(() => {
  const form = document.getElementById("kiosk-qr-form");
  const box = form && form.querySelector(".kiosk-camera");
  if (!box || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.DataTransfer) return;
  const video = box.querySelector("video");
  const shoot = box.querySelector("button");
  const input = form.querySelector("input[type=file]");
  navigator.mediaDevices.getUserMedia({ video: { facingMode: "user" }, audio: false }).then((stream) => {
    video.srcObject = stream;
    box.hidden = false;
    addEventListener("pagehide", () => stream.getTracks().forEach((t) => t.stop()));
    shoot.addEventListener("click", () => {
      const canvas = document.createElement("canvas");
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      canvas.getContext("2d").drawImage(video, 0, 0);
      canvas.toBlob((blob) => {
        stream.getTracks().forEach((t) => t.stop());
        const still = new DataTransfer();
        still.items.add(new File([blob], "camera.jpg", { type: "image/jpeg" }));
        input.files = still.files;
        form.submit();
      }, "image/jpeg", 0.92);
    });
  }, () => {
    // No camera, or not allowed: the file input does the same.
  });
})();
