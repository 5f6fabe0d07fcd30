//! Images in ECR (`images`) and moving images between the Docker engine and ECR (`push`,
//! `pull`).

pub mod list;
pub mod transfer;
