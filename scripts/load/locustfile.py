"""Linli under the load of a district: residents browse the catalogue and search, read notices,
the public reports and the board, apply with two photos and follow their applications, report
feedback and book a market slot; an officer works the 人社 queue. A resident reads each page for
5 to 15 seconds, as a person does; one in five applies (once) and about one in seven reports a
problem (once) while the run lasts, so 1,000 residents send about 550 photos of 3 MB each.
LINLI_LOAD_THINK ("5,15") and LINLI_LOAD_SHARES ("0.2,0.15") change that: the short run in the
test command has 50 residents who each apply and report at once. Each resident signs in as one of the seeded residents
(`server/examples/seed_residents.rs`). Every acknowledged submission (a 303 to its page) is
written to LINLI_LOAD_ACKS, so scripts/load.sh can check, after killing servers and restarting
PostgreSQL under this load, that none was lost.

Run by scripts/load.sh; by hand: locust -f scripts/load/locustfile.py --host http://127.0.0.1:3400
"""
import base64, hashlib, hmac, itertools, os, random, re, struct, threading, time

from locust import HttpUser, between, task

def _photo(variable, default):
    with open(os.environ.get(variable, default), "rb") as f:
        return f.read()


PHOTO_A = _photo("LINLI_LOAD_PHOTO_A", "target/load/a.jpg")
PHOTO_B = _photo("LINLI_LOAD_PHOTO_B", "target/load/b.jpg")
RESIDENTS = int(os.environ.get("LINLI_LOAD_RESIDENTS", "100"))
ACKS = os.environ.get("LINLI_LOAD_ACKS", "target/load/acknowledged.txt")
DEMO_TOTP = "LINLIDEMOLINLIDEMOLINLIDEMOLINLI"
THINK = [float(s) for s in os.environ.get("LINLI_LOAD_THINK", "5,15").split(",")]
APPLY_SHARE, REPORT_SHARE = (float(s) for s in os.environ.get("LINLI_LOAD_SHARES", "0.2,0.15").split(","))

_next_resident = itertools.count()
_acks_lock = threading.Lock()


def acknowledged(kind, ref):
    if ref:
        with _acks_lock, open(ACKS, "a") as f:
            f.write(f"{kind} {ref} {time.time():.3f}\n")


def totp(secret, step):
    key = base64.b32decode(secret)
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


class Browser(HttpUser):
    abstract = True

    def on_start(self):
        self.client.headers["Origin"] = self.host
        self.client.headers["Accept"] = "text/html"

    def post_form(self, path, data, name=None, files=None, ok=(303,), leads_to=None):
        """A form post whose answer must be one of `ok`; a redirect must lead to `leads_to` (a
        submission's own page, not the sign-in page). Returns the response and the reference the
        redirect names, if any."""
        with self.client.post(path, data=data, files=files, allow_redirects=False, name=name or path, catch_response=True) as r:
            location = r.headers.get("Location", "").split("?")[0]
            ref = location[len(leads_to):].split("/")[0] if leads_to and location.startswith(leads_to) else ""
            if r.status_code not in ok:
                r.failure(f"{r.status_code}")
            elif r.status_code == 303 and leads_to and not location.startswith(leads_to) or ref == "new" \
                    or (leads_to or "").endswith("/") and r.status_code == 303 and not ref:
                r.failure(f"redirected to {location}")
                ref = ""
            else:
                r.success()
            return r, ref

class Resident(Browser):
    weight = 12
    wait_time = between(*THINK)

    def on_start(self):
        super().on_start()
        self.phone = f"155{next(_next_resident) % RESIDENTS:08d}"
        self.applications = []
        self.will_apply = random.random() < APPLY_SHARE
        self.will_report = random.random() < REPORT_SHARE
        self.post_form("/login", {"phone": self.phone, "password": "linli2026", "next": "/me"}, name="/login", leads_to="/me")

    @task(6)
    def browse_catalogue(self):
        self.client.get("/services")
        self.client.get("/services?q=%E7%A4%BE%E4%BF%9D", name="/services?q=")
        self.client.get("/services/RS003", name="/services/{code}")

    @task(4)
    def read_notices(self):
        self.client.get("/notices")

    @task(2)
    def apply_with_two_photos(self):
        if not self.will_apply or self.applications:
            self.client.get("/services/RS003", name="/services/{code}")
            return
        files = {"m_id_card": ("身份证.jpg", PHOTO_A, "image/jpeg"), "m_photo": ("证件照.jpg", PHOTO_B, "image/jpeg")}
        _, ref = self.post_form("/services/RS003/apply", {"f_reason": "首次申领"}, name="/services/{code}/apply", files=files,
                                leads_to="/me/applications/")
        acknowledged("application", ref)
        if ref:
            self.applications.append(ref)

    @task(3)
    def follow_an_application(self):
        if self.applications:
            self.client.get(f"/me/applications/{self.applications[-1]}", name="/me/applications/{ref}")
        else:
            self.client.get("/me/applications")

    @task(1)
    def report_feedback(self):
        if not self.will_report:
            self.client.get("/feedback")
            self.client.get("/board")
            return
        self.will_report = False
        form = self.client.get("/feedback/new")
        building = re.search(r'<option[^>]*value="(\d+)"[^>]*selected', form.text) or re.search(r'name="building"[\s\S]*?value="(\d+)"', form.text)
        data = {"category": "report-light", "title": "楼道灯不亮", "body": "晚上楼道一片漆黑，老人上下楼不安全。", "address": "2 单元楼道",
                "building": building.group(1) if building else ""}
        files = {"photos": ("楼道.jpg", PHOTO_A, "image/jpeg")}
        _, ref = self.post_form("/feedback/new", data, files=files, leads_to="/feedback/")
        acknowledged("feedback", ref)

    @task(1)
    def book_a_market_slot(self):
        listing = self.client.get("/market")
        ids = re.findall(r'href="/market/(\d+)"', listing.text)
        if not ids:
            return
        page = self.client.get(f"/market/{ids[0]}", name="/market/{id}")
        slots = re.findall(r'slot-(\d+)', page.text)
        if not slots:
            return
        _, ref = self.post_form(f"/market/{ids[0]}/book", {"slot": slots[len(slots) // 2], "address": "1 号楼 302", "phone": self.phone},
                                name="/market/{id}/book", ok=(303, 409), leads_to="/market/orders/")
        acknowledged("order", ref)


class Officer(Browser):
    """人社's officer works the queue: opens the newest cases and accepts them."""
    fixed_count = 1
    wait_time = between(1, 2)

    def on_start(self):
        super().on_start()
        self.post_form("/login", {"phone": "13700000001", "password": "linli2026", "next": "/work"}, name="/login (officer)")
        # The authenticator step: a code is taken once, so wait for a fresh one if need be.
        step = int(time.time()) // 30
        r, _ = self.post_form("/login/totp", {"code": totp(DEMO_TOTP, step), "next": "/work"}, name="/login/totp", ok=(303, 422, 429))
        if r.status_code != 303:
            time.sleep(31 - time.time() % 30)
            self.post_form("/login/totp", {"code": totp(DEMO_TOTP, int(time.time()) // 30), "next": "/work"}, name="/login/totp")

    @task
    def work_the_queue(self):
        queue = self.client.get("/work")
        refs = re.findall(r'href="/work/([A-Z0-9-]{8,})"', queue.text)
        if refs:
            ref = refs[0]
            self.client.get(f"/work/{ref}", name="/work/{ref}")
            self.post_form(f"/work/{ref}/accept", {}, name="/work/{ref}/accept", ok=(303, 409))
