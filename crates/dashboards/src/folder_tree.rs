//! Walking an org's folder tree held in memory: ancestors, subtrees and heights. Every walk
//! is bounded by the tree's size, so a cycle written into the database by hand cannot hang it.

use crate::models::Folder;

/// The ancestors of `folder` in `tree`, its parent first.
pub fn ancestry<'a>(tree: &'a [Folder], folder: &Folder) -> Vec<&'a Folder> {
    let mut chain = Vec::new();
    let mut parent_uid = folder.parent_uid.as_str();
    while !parent_uid.is_empty() && chain.len() <= tree.len() {
        let Some(parent) = tree.iter().find(|candidate| candidate.uid == parent_uid) else {
            break;
        };
        chain.push(parent);
        parent_uid = &parent.parent_uid;
    }
    chain
}

/// The uid of `root` and of every folder below it, parents before children.
pub fn subtree(tree: &[Folder], root: &str) -> Vec<String> {
    let mut uids = vec![root.to_string()];
    let mut next = 0;
    while next < uids.len() && uids.len() <= tree.len() {
        let parent = uids[next].clone();
        uids.extend(
            tree.iter()
                .filter(|folder| folder.parent_uid == parent)
                .map(|folder| folder.uid.clone()),
        );
        next += 1;
    }
    uids
}

/// How many levels of subfolders lie below `uid` (0 for a folder without subfolders).
pub fn height(tree: &[Folder], uid: &str) -> usize {
    let mut level = vec![uid.to_string()];
    let mut height = 0;
    while height <= tree.len() {
        let below: Vec<String> = tree
            .iter()
            .filter(|folder| level.contains(&folder.parent_uid))
            .map(|folder| folder.uid.clone())
            .collect();
        if below.is_empty() {
            return height;
        }
        height += 1;
        level = below;
    }
    height
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(uid: &str, parent_uid: &str) -> Folder {
        Folder {
            id: 0,
            uid: uid.into(),
            org_id: 1,
            parent_uid: parent_uid.into(),
            title: uid.into(),
            description: String::new(),
            version: 1,
            created: 0,
            updated: 0,
            created_by: 0,
            updated_by: 0,
        }
    }

    fn sample_tree() -> Vec<Folder> {
        vec![
            folder("a", ""),
            folder("b", "a"),
            folder("c", "b"),
            folder("d", "a"),
            folder("x", ""),
        ]
    }

    #[test]
    fn ancestry_walks_up_to_the_root() {
        let tree = sample_tree();
        let uids: Vec<&str> = ancestry(&tree, &tree[2])
            .iter()
            .map(|folder| folder.uid.as_str())
            .collect();
        assert_eq!(uids, ["b", "a"]);
        assert!(ancestry(&tree, &tree[0]).is_empty());
    }

    #[test]
    fn subtree_lists_parents_before_children() {
        let tree = sample_tree();
        assert_eq!(subtree(&tree, "a"), ["a", "b", "d", "c"]);
        assert_eq!(subtree(&tree, "x"), ["x"]);
    }

    #[test]
    fn height_counts_levels_below() {
        let tree = sample_tree();
        assert_eq!(height(&tree, "a"), 2);
        assert_eq!(height(&tree, "b"), 1);
        assert_eq!(height(&tree, "c"), 0);
    }

    #[test]
    fn walks_stop_on_a_cycle() {
        let tree = vec![folder("p", "q"), folder("q", "p")];
        assert!(ancestry(&tree, &tree[0]).len() <= tree.len() + 1);
        assert!(subtree(&tree, "p").len() <= tree.len() + 1);
        assert!(height(&tree, "p") <= tree.len() + 1);
    }
}
