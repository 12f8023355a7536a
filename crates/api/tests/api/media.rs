//! Photos in S3-compatible object storage (`--media-url s3://bucket/prefix`),
//! against a real S3-compatible server the test starts itself (moto in
//! server mode, installed by `just setup --test`): a photo uploaded through
//! one server is stored in the bucket and served by another server that
//! has a local photo folder of its own.

use crate::both_backends;
use crate::common::process::Process;
use crate::common::{png, report, TestApp, GAMBIR};
use serde_json::Value;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A moto S3 server on a free port, stopped when dropped.
struct S3 {
    child: Child,
    endpoint: String,
}

impl Drop for S3 {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl S3 {
    async fn start() -> S3 {
        let bin = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../.venv-s3/bin/moto_server"
        );
        assert!(
            std::path::Path::new(bin).is_file(),
            "no S3-compatible test server at {bin}: run `just setup --test`"
        );
        let port = Process::free_port();
        let child = Command::new(bin)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start moto_server");
        let s3 = S3 {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        for _ in 0..400 {
            if reqwest::get(&s3.endpoint).await.is_ok() {
                return s3;
            }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("moto_server did not come up");
    }

    /// Makes a bucket.
    async fn bucket(&self, name: &str) {
        let r = reqwest::Client::new()
            .put(format!("{}/{name}", self.endpoint))
            .send()
            .await
            .expect("create bucket");
        assert!(r.status().is_success(), "bucket: {}", r.status());
    }

    /// The keys stored in a bucket.
    async fn keys(&self, bucket: &str) -> String {
        reqwest::get(format!("{}/{bucket}?list-type=2", self.endpoint))
            .await
            .expect("list")
            .text()
            .await
            .expect("text")
    }
}

async fn photos_live_in_object_storage_shared_by_every_server(app: TestApp) {
    let s3 = S3::start().await;
    s3.bucket("crm-photos").await;
    let env = [
        ("AWS_ENDPOINT_URL", s3.endpoint.as_str()),
        ("AWS_ALLOW_HTTP", "true"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
    ];
    let url = "s3://crm-photos/jakarta";
    let officer = app.login("petugas.gambir").await;

    // The first server takes the photo (its local folder is another one's).
    let first_dir = tempfile::tempdir().expect("dir");
    let first_media = first_dir.path().display().to_string();
    let first = Process::start_in(
        &app,
        &["--media-url", url, "--media-dir", &first_media],
        &env,
    )
    .await;
    let filed: Value = reqwest::Client::new()
        .post(format!("{}/api/v1/reports", first.base))
        .bearer_auth(&officer)
        .json(&report(Some(GAMBIR)))
        .send()
        .await
        .expect("file")
        .json()
        .await
        .expect("json");
    let number = filed["number"].as_i64().expect("number");
    let form = reqwest::multipart::Form::new().part(
        "photo",
        reqwest::multipart::Part::bytes(png(64, 48)).file_name("lubang.png"),
    );
    let with_photo: Value = reqwest::Client::new()
        .post(format!("{}/api/v1/reports/{number}/photos", first.base))
        .bearer_auth(&officer)
        .multipart(form)
        .send()
        .await
        .expect("upload")
        .json()
        .await
        .expect("json");
    let photo_url = with_photo["photos"][0]["url"]
        .as_str()
        .expect("url")
        .to_string();
    let original = reqwest::Client::new()
        .get(format!("{}{photo_url}", first.base))
        .bearer_auth(&officer)
        .send()
        .await
        .expect("photo");
    assert_eq!(original.status(), 200);
    let original = original.bytes().await.expect("bytes");
    assert!(original.starts_with(&[0xFF, 0xD8]), "a JPEG");
    // Stored in the bucket under the prefix, not on the server's disk.
    let listed = s3.keys("crm-photos").await;
    assert!(
        listed.contains(&format!("<Key>jakarta/reports/{number}/")),
        "{listed}"
    );
    let on_disk = walk(first_dir.path());
    assert!(on_disk.is_empty(), "nothing on the local disk: {on_disk:?}");
    // SQLite serves one server at a time: the first stops before the next.
    if app.backend == crate::common::Backend::Sqlite {
        drop(first);
    }

    // Another server, with an empty local folder, serves the same photo.
    let second_dir = tempfile::tempdir().expect("dir");
    let second_media = second_dir.path().display().to_string();
    let second = Process::start_in(
        &app,
        &["--media-url", url, "--media-dir", &second_media],
        &env,
    )
    .await;
    let again = reqwest::Client::new()
        .get(format!("{}{photo_url}", second.base))
        .bearer_auth(&officer)
        .send()
        .await
        .expect("photo");
    assert_eq!(again.status(), 200);
    assert_eq!(again.bytes().await.expect("bytes"), original);
}

/// Every file under `dir`.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

both_backends!(photos_live_in_object_storage_shared_by_every_server);
