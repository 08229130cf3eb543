//! `linli`: the Linli server and its operator commands.
use clap::{Parser, Subcommand};
use linli_server::{config_from_env, demo, open_store, router};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "linli", version, about = "邻里 Linli — community government-services portal")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run migrations, load reference data and serve HTTP (the default).
    Serve,
    /// Run database migrations and exit.
    Migrate,
    /// Load the demo district, catalogue and demo accounts (idempotent).
    SeedDemo,
    /// Take a consistent backup while serving: the database as of one instant and every
    /// material it names, into a new directory (the data keys are kept apart).
    Backup { dir: std::path::PathBuf },
    /// Bring a backup back into an empty database and file store, and check every row count and
    /// every material's checksum.
    Restore { dir: std::path::PathBuf },
    /// Copy this SQLite deployment (rows and materials) into an empty PostgreSQL database, and
    /// check it: for a community that outgrows one machine.
    MigrateTo { target: String },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        action: UserCommand,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account, e.g. the first admin.
    Add {
        #[arg(long)]
        phone: String,
        #[arg(long)]
        password: String,
        #[arg(long)]
        name: String,
        #[arg(long = "id-number")]
        id_number: String,
        /// resident, staff, officer, provider or admin
        #[arg(long)]
        role: String,
        /// Department code, for officers (e.g. rs, mz, yb).
        #[arg(long)]
        department: Option<String>,
        /// Community code, for staff (e.g. cy-xfl).
        #[arg(long)]
        community: Option<String>,
        /// An officer who supervises the department: receives 督办 alerts for overdue cases.
        #[arg(long)]
        supervisor: bool,
        /// You have seen the person's ID card: the account starts at level 2 (identity confirmed).
        #[arg(long = "identity-checked")]
        identity_checked: bool,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    linli_server::give_large_blocks_back();
    linli_server::init_tracing();
    let cli = Cli::parse();
    let config = match config_from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    // Neither may touch the database through the server's start-up (migrations, reference data).
    match &cli.command {
        Some(Command::Backup { dir }) => return finish(linli_server::backup::backup(&config, dir).await.map(|m| {
            println!("backup in {}: {} tables, {} rows, {} files ({} deleted meanwhile)", dir.display(), m.tables.len(),
                m.tables.values().sum::<i64>(), m.files.len(), m.missing.len())
        })),
        Some(Command::Restore { dir }) => return finish(linli_server::backup::restore(&config, dir).await.map(|r| {
            println!("restored and checked: {} rows, {} files, {} materials opened with matching checksums", r.rows, r.files, r.opened)
        })),
        Some(Command::MigrateTo { target }) => return finish(linli_server::move_up::migrate_to(&config, target).await.map(|m| {
            println!("moved and checked: {} tables, {} rows, {} files copied, {} materials opened with matching checksums", m.tables, m.rows, m.files, m.opened)
        })),
        _ => {}
    }
    let store = match open_store(&config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot open the database: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result: Result<(), String> = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => router::serve(store, config).await.map_err(|e| e.to_string()),
        Command::Migrate => Ok(()),
        Command::Backup { .. } | Command::Restore { .. } | Command::MigrateTo { .. } => unreachable!("handled before the database is opened"),
        Command::SeedDemo => match demo::seed(&*store).await {
            Ok(n) => async {
                linli_server::demo_market::seed(&*store, &config.files, &config.keys).await?;
                linli_server::demo_notices::seed(&*store, &config.files, &config.keys).await?;
                linli_server::demo_surveys::seed(&*store).await?;
                linli_server::demo_help::seed(&*store).await?;
                linli_server::demo_certificates::seed(&*store).await?;
                linli_server::demo_things::seed(&*store).await?;
                linli_server::demo_counter::seed(&*store).await?;
                linli_server::demo_kiosk::seed(&*store).await?;
                linli_server::demo_feedback::seed(&*store, &config.files, &config.keys).await
            }
            .await
            .map(|_| println!("demo data ready: {n} accounts")),
            Err(e) => Err(e),
        },
        Command::User { action: UserCommand::Add { phone, password, name, id_number, role, department, community, supervisor, identity_checked } } => {
            let spec = linli_app::accounts::operator::UserSpec {
                phone,
                password,
                name,
                id_number,
                role,
                department,
                community,
                building_id: None,
                identity_checked,
            };
            match linli_app::accounts::operator::add_user(&*store, &spec).await {
                Ok(id) if supervisor => store.set_supervisor(id, true).await.map(|_| println!("created user {id} (supervisor)")).map_err(|e| e.to_string()),
                Ok(id) => Ok(println!("created user {id}")),
                Err(e) => Err(e),
            }
        }
    };
    finish(result)
}

fn finish(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
