//! Rebuilds the server when a migration is added or changed: the migrations
//! are embedded (`db::connection`), and Cargo would not otherwise notice a
//! new folder beside the code.

fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
