//! The fleet, seen from the cloud: how far a rollout of the agent ([`crate::agent`]) has got
//! ([`rollout`], from the Nodes' annotations), and KubeEdge's own ConfigUpdateJob as an
//! optional output ([`config_update_job`]) for what it can express.

mod configupdatejob;
mod status;

pub use configupdatejob::{JobSpec, JobTarget, config_update_job, set_key, set_value};
pub use status::{NodeRollout, Rollout, RolloutState, rollout};
