//! The role a person has on one service account.

use serde::{Deserialize, Serialize};

/// What a person may do on one service account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Writes posts (the author).
    CoProducer,
    /// Checks and approves other people's posts.
    Supporter,
    /// Owns the service account; approves like a supporter.
    Admin,
}

impl Role {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::CoProducer => "co_producer",
            Role::Supporter => "supporter",
            Role::Admin => "admin",
        }
    }

    /// Reads a stored role name.
    pub fn parse(name: &str) -> Option<Role> {
        match name {
            "co_producer" => Some(Role::CoProducer),
            "supporter" => Some(Role::Supporter),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    /// Supporters and admins check posts; co-producers never do.
    pub fn can_check_posts(self) -> bool {
        matches!(self, Role::Supporter | Role::Admin)
    }

    /// Everyone on an account may write a post.
    pub fn can_write_posts(self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_survives_a_round_trip_through_its_stored_name() {
        for role in [Role::CoProducer, Role::Supporter, Role::Admin] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
    }

    #[test]
    fn an_unknown_role_name_is_refused() {
        assert_eq!(Role::parse("owner"), None);
        assert_eq!(Role::parse(""), None);
    }

    #[test]
    fn only_supporters_and_admins_check_posts() {
        assert!(!Role::CoProducer.can_check_posts());
        assert!(Role::Supporter.can_check_posts());
        assert!(Role::Admin.can_check_posts());
    }
}
